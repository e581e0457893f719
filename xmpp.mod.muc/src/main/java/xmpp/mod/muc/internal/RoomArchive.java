package xmpp.mod.muc.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.mam.ArchiveIds;
import xmpp.core.mam.BatchedArchiveWriter;
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
 * {@code with}. A message gets its id as the room reflects it, so that the id is stamped on every
 * copy, and is queued for a writer that stores the queue in batches, in the order the rooms
 * delivered it: a write per message in the room's turn made a room of 100 occupants about 25 times
 * slower on H2 (MucFanOutBenchmark, archive=h2 against none). Reads (queries, metadata, deletion)
 * first wait for what is queued, so they see every message delivered before them. The sender's real
 * (bare) JID is in the kept message's {@code muc#user} item.
 */
final class RoomArchive {

    private static final System.Logger log = System.getLogger(RoomArchive.class.getName());

    /** Messages per page when a query does not say, and at most. */
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    /** Messages a query by publisher reads from the store at a time. */
    private static final int SCAN = 500;
    /** Memory for messages queued for the writer (then rooms wait for it), messages written in one transaction at most, and writer threads: xmpp.mod.mam's defaults. */
    private static final long QUEUE_BYTES = 64L << 20;
    private static final int BATCH = 500;
    private static final int WRITERS = 2;
    /** How long a read waits for queued messages: beyond it, it answers from what is written. */
    private static final Duration WRITES_WAIT = Duration.ofSeconds(5);

    private final MessageArchive store;
    private final ArchiveIds ids = new ArchiveIds();
    private final BatchedArchiveWriter writer;

    RoomArchive(MessageArchive store) {
        this.store = store;
        this.writer = new BatchedArchiveWriter(store, QUEUE_BYTES, BATCH, WRITERS, "xmpp-muc-archive-writer",
                "rooms slow to the database's pace: look at its speed");
    }

    /** Queues {@code message}, sent by {@code occupant} at {@code now}, for the archive; its id. */
    long keep(Jid room, Jid occupant, Instant now, Element message) {
        long id = ids.next(now);
        writer.write(new ArchivedMessage(room, id, now, occupant, message));
        return id;
    }

    ArchivePage query(Jid room, ArchiveQuery query) throws StorageException {
        caughtUp();
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
        caughtUp();
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
        caughtUp();
        return MamResponses.metadata(store, room);
    }

    boolean contains(Jid room, long id) throws StorageException {
        caughtUp();
        return store.contains(room, id);
    }

    /** The room is gone: so are its messages. */
    void delete(Jid room) {
        caughtUp();   // or a message still queued would outlive its room
        try {
            store.delete(room);
        } catch (StorageException e) {
            log.log(System.Logger.Level.WARNING, "xmpp.mod.muc: room {0} is gone but its archive stays in the database; "
                    + "delete its messages by hand: {1}", room, e.getMessage());
        }
    }

    private void caughtUp() {
        try {
            writer.awaitWritten(WRITES_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // the service is stopping: answer from what is written
        }
    }

    /** Writes what is queued; the service is stopping. */
    void close() {
        try {
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.log(System.Logger.Level.WARNING, "xmpp.mod.muc: stopped before the rooms'' archive queue was written; "
                    + "the messages delivered last may be missing from it");
        }
    }
}
