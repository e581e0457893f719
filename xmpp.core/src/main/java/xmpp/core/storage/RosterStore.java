package xmpp.core.storage;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;

/**
 * Rosters (RFC 6121 section 2), keyed by the owner's bare JID. Every change raises the
 * roster's version (RFC 6121 section 2.6), a number that only grows.
 */
@ProviderType
public interface RosterStore {

    List<RosterItem> items(Jid owner) throws StorageException;

    Optional<RosterItem> item(Jid owner, Jid contact) throws StorageException;

    /** Adds or replaces the item for its contact; returns the new roster version. */
    long put(Jid owner, RosterItem item) throws StorageException;

    /** Removes the contact; returns the new roster version (unchanged if there was no such item). */
    long remove(Jid owner, Jid contact) throws StorageException;

    /** The current version; 0 for a roster never changed. */
    long version(Jid owner) throws StorageException;

    int count(Jid owner) throws StorageException;
}
