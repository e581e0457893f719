package xmpp.core.mam;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.StorageException;

/**
 * Writes archived messages off the threads that deliver them, for a user's archive and a room's
 * alike: a sender only queues a message, in the order it was delivered, and one writer thread stores
 * the queue in batches, one transaction each, in that order. The queue is bounded. When it is full,
 * the sender waits for room, so delivery slows to the pace the database writes batches at rather
 * than anything being left out; the overflow is logged once each time it begins. The writer always
 * moves on: a batch the database refuses (or a connection it cannot get within the pool's timeout)
 * is logged with what it held, and those messages, delivered, are not in the archive.
 * Single-message writes from the senders were tried for a full queue: under load they contend for
 * the pool with the writer's batches and made it far slower.
 */
public final class BatchedArchiveWriter implements AutoCloseable {

    private static final System.Logger log = System.getLogger(BatchedArchiveWriter.class.getName());

    private final MessageArchive archive;
    private final BlockingQueue<ArchivedMessage> queue;
    private final int batchSize;
    private final int capacity;
    private final String whenFull;
    private final AtomicLong queued = new AtomicLong();   // messages handed over so far, counting the overflow ones
    private final AtomicLong done = new AtomicLong();     // of those, how many are written (or failed, logged)
    private final AtomicBoolean overflowing = new AtomicBoolean();
    private final Object progress = new Object();
    private final Thread writer;
    private volatile boolean running = true;

    /**
     * Starts the writer thread {@code name}; {@code whenFull} tells an operator what to do when the
     * queue of {@code capacity} messages overflows (which setting to raise).
     */
    public BatchedArchiveWriter(MessageArchive archive, int capacity, int batchSize, String name, String whenFull) {
        this.archive = archive;
        this.capacity = Math.max(1, capacity);
        this.queue = new ArrayBlockingQueue<>(this.capacity);
        this.batchSize = Math.max(1, batchSize);
        this.whenFull = whenFull;
        this.writer = Thread.ofPlatform().name(name).daemon().start(this::writeUntilStopped);
    }

    /** Hands {@code message} over for writing; returns at once unless the queue is full. */
    public void write(ArchivedMessage message) {
        queued.incrementAndGet();
        if (running && queue.offer(message)) return;
        if (running && overflowing.compareAndSet(false, true))
            log.log(System.Logger.Level.WARNING, "archive queue full ({0} messages): delivery waits for the archive until it drains; {1}",
                    capacity, whenFull);
        try {
            if (running) {
                queue.put(message);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // kept for the caller; the message is stored below all the same
        }
        store(List.of(message));   // stopping: the writer may be gone
    }

    /**
     * Waits until every message handed over before this call is written, at most {@code timeout}:
     * a query then sees the messages just delivered.
     */
    public void awaitWritten(Duration timeout) throws InterruptedException {
        long target = queued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (done.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return;
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
    }

    private void writeUntilStopped() {
        List<ArchivedMessage> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                ArchivedMessage first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                store(batch);
                batch.clear();
                if (queue.size() < capacity / 2) overflowing.set(false);
            } catch (InterruptedException e) {
                running = false;   // stopping: the loop writes what is left, then ends
            }
        }
    }

    private void store(List<ArchivedMessage> batch) {
        try {
            archive.append(batch);
        } catch (StorageException | RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "{0} messages (the first for {1}, id {2}) were delivered but are not archived: {3}",
                    batch.size(), batch.getFirst().archive(), ArchiveIds.format(batch.getFirst().id()), e.getMessage());
        }
        done.addAndGet(batch.size());
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Writes what is queued, then ends the writer thread (at most 30 s). */
    @Override
    public void close() throws InterruptedException {
        running = false;   // no interrupt: it could break a write under way; the writer sees the flag within its poll
        writer.join(Duration.ofSeconds(30));
        if (writer.isAlive()) {
            log.log(System.Logger.Level.ERROR, "the archive writer did not finish within 30 s; {0} messages may not be archived", queue.size());
            return;
        }
        List<ArchivedMessage> late = new ArrayList<>();   // queued by a sender as the writer ended
        queue.drainTo(late);
        if (!late.isEmpty()) store(late);
    }
}
