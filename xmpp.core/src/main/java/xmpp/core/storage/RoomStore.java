package xmpp.core.storage;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * Chat rooms that outlive a restart (XEP-0045 persistent rooms): one element per room, whose
 * content (configuration, affiliations, subject) the chat module defines. Occupants are never
 * stored: after a restart they join again.
 *
 * @since 1.1
 */
@ProviderType
public interface RoomStore {

    /** The stored rooms of the service at {@code serviceDomain}, by room address. */
    Map<Jid, Element> rooms(String serviceDomain) throws StorageException;

    /** Stores the state of {@code room} (a bare JID at a service's domain), replacing what was there. */
    void put(Jid room, Element state) throws StorageException;

    /** Forgets {@code room}; nothing happens if it was not stored. */
    void delete(Jid room) throws StorageException;
}
