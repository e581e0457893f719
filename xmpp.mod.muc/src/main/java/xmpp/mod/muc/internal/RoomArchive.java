package xmpp.mod.muc.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.mam.ArchiveIds;
import xmpp.core.mam.MamResponses;
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
 * The sender's real (bare) JID is in the kept message's {@code muc#user} item.
 */
final class RoomArchive {

    private static final System.Logger log = System.getLogger(RoomArchive.class.getName());

    /** Messages per page when a query does not say, and at most. */
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    /** Messages a query by publisher reads from the store at a time. */
    private static final int SCAN = 500;

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

    /**
     * The page of {@code query} among the messages {@code publisher} sent, matched by bare JID (the
     * room keeps a sender's bare JID). The store keys a room's messages by occupant JID, and one user
     * may have had several nicks: so this reads every message the rest of the query matches, {@link #SCAN}
     * at a time, keeps the ids of the publisher's, then reads the page by id. Such queries are only
     * for those who may see real JIDs, rare beside the others.
     */
    ArchivePage queryByPublisher(Jid room, ArchiveQuery query, Jid publisher) throws StorageException {
        ArchiveQuery everyone = new ArchiveQuery(Optional.empty(), query.start(), query.end(), query.afterId(), query.beforeId(),
                query.ids(), SCAN, Optional.empty(), false);
        List<Long> sent = new ArrayList<>();
        Optional<Long> after = Optional.empty();
        ArchivePage chunk;
        do {
            chunk = store.query(room, everyone.after(after, SCAN));
            for (ArchivedMessage m : chunk.messages())
                if (publisherOf(m.message()).filter(publisher.bare()::equals).isPresent()) sent.add(m.id());
            if (!chunk.messages().isEmpty()) after = Optional.of(chunk.messages().getLast().id());
        } while (!chunk.complete());
        List<Long> range = sent.stream().filter(id -> query.cursor().isEmpty()
                || (query.backwards() ? id < query.cursor().get() : id > query.cursor().get())).toList();
        List<Long> page = query.backwards() ? range.subList(Math.max(0, range.size() - query.max()), range.size())
                : range.subList(0, Math.min(query.max(), range.size()));
        List<ArchivedMessage> messages = page.isEmpty() ? List.of() : store.query(room, ArchiveQuery.first(page.size()).withIds(page)).messages();
        return new ArchivePage(messages, range.size() <= query.max(), sent.size());
    }

    private static Optional<Jid> publisherOf(Element kept) {
        return kept.child("x", Muc.USER).flatMap(x -> x.child("item")).flatMap(item -> Jid.parse(item.attr("jid"))).map(Jid::bare);
    }

    /** XEP-0313 section 6: the archive's first and last message. */
    Element metadata(Jid room) throws StorageException {
        return MamResponses.metadata(store, room);
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
