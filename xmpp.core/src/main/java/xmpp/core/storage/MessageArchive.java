package xmpp.core.storage;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;

/**
 * Message archives (XEP-0313). An archive belongs to a bare JID: a user's account, or a chat
 * room, whose archive holds the room's messages with each occupant as {@code with}. Messages
 * are ordered by their id, which the archiving module gives them (it stamps the same id on the
 * delivered message as its XEP-0359 stanza-id), so ids only grow within an archive.
 *
 * @since 1.1
 */
@ProviderType
public interface MessageArchive {

    /** Stores {@code messages} (of any archives) in one go: all of them, or none and an exception. */
    void append(List<ArchivedMessage> messages) throws StorageException;

    /** One page of the archive's messages that match {@code query}, oldest first. */
    ArchivePage query(Jid archive, ArchiveQuery query) throws StorageException;

    /** Whether the archive holds a message with this id (a paging cursor must name one). */
    boolean contains(Jid archive, long id) throws StorageException;

    /** Deletes, in every archive, the messages archived before {@code cutoff}; returns how many. */
    int deleteBefore(Instant cutoff) throws StorageException;

    /** Deletes the whole archive of an account or room that goes. */
    void delete(Jid archive) throws StorageException;
}
