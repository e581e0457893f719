package xmpp.mod.muc.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.mam.ArchiveIds;
import xmpp.core.storage.ArchivePage;
import xmpp.core.storage.ArchiveQuery;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * The rooms' archives (XEP-0313 for MUC) in the server's message archive: each room owns one,
 * keyed by its bare JID, with the sending occupant's room JID ({@code room@service/nick}) as
 * {@code with}. A message is written as the room reflects it, before it goes out, so its id can be
 * stamped on it and a query sees it at once; the cost is one write per message, in the room's turn.
 */
final class RoomArchive {

    private static final System.Logger log = System.getLogger(RoomArchive.class.getName());

    /** Messages per page when a query does not say, and at most. */
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;

    private final MessageArchive store;
    private final ArchiveIds ids = new ArchiveIds();

    RoomArchive(MessageArchive store) {
        this.store = store;
    }

    /** Keeps {@code message}, sent by {@code occupant} at {@code now}; its id, or empty when storage refused it (logged). */
    Optional<Long> keep(Jid room, Jid occupant, Instant now, Element message) {
        long id = ids.next(now);
        try {
            store.append(List.of(new ArchivedMessage(room, id, now, occupant, message)));
            return Optional.of(id);
        } catch (StorageException e) {
            log.log(System.Logger.Level.WARNING, "xmpp.mod.muc: a message of {0} was delivered but is not in the room''s archive "
                    + "(check the database): {1}", room, e.getMessage());
            return Optional.empty();
        }
    }

    ArchivePage query(Jid room, ArchiveQuery query) throws StorageException {
        return store.query(room, query);
    }

    boolean contains(Jid room, long id) throws StorageException {
        return store.contains(room, id);
    }

    /** The room is gone: so are its messages. */
    void delete(Jid room) {
        try {
            store.delete(room);
        } catch (StorageException e) {
            log.log(System.Logger.Level.WARNING, "xmpp.mod.muc: room {0} is gone but its archive stays in the database; "
                    + "delete its messages by hand: {1}", room, e.getMessage());
        }
    }
}
