package xmpp.core.mam;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.StorageException;

/**
 * Writes archived messages off the threads that deliver them, for a user's archive and a room's
 * alike: a sender only queues a message, in the order it was delivered, and writer threads store
 * the queue in batches, one transaction each, taken in that order. Several writers, because on a
 * busy machine one thread gets one thread's share of the CPU however far behind it is: the
 * database's work, not the order of the rows, is what they share (an archive's order is its ids,
 * given when a message is stamped). The queue is bounded by memory, not by
 * a count of messages, so that a burst the database cannot follow at once is absorbed for as long as
 * memory was granted for it. When it is full, the sender waits for room, so delivery slows to the
 * pace the database writes batches at rather than anything being left out; those waits are logged,
 * at most one line a minute. The writer always moves on: a batch the database refuses (or a
 * connection it cannot get within the pool's timeout) is logged with what it held, and those
 * messages, delivered, are not in the archive.
 * Single-message writes from the senders were tried for a full queue: under load they contend for
 * the pool with the writer's batches and made it far slower.
 */
public final class BatchedArchiveWriter implements AutoCloseable {

    private static final System.Logger log = System.getLogger(BatchedArchiveWriter.class.getName());
    private static final long WAIT_LOG_INTERVAL = TimeUnit.MINUTES.toNanos(1);
    /** How long {@link #close()} waits for a batch to be written before it gives up on the writer. */
    private static final Duration STALL = Duration.ofSeconds(30);

    private record Queued(ArchivedMessage message, long bytes, long seq) {
    }

    private final MessageArchive archive;
    private final long capacityBytes;
    private final int batchSize;
    private final String whenFull;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition written = lock.newCondition();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();   // guarded by lock
    private long queuedBytes;                                       // guarded by lock
    private long lastQueued;                                        // guarded by lock: the seq of the newest message queued
    private long lastTaken;                                         // guarded by lock: the seq of the newest taken by a writer
    private final TreeSet<Long> inFlight = new TreeSet<>();         // guarded by lock: the first seq of each batch being written
    private long waitsSinceLogged;                                  // guarded by lock
    private long nextWaitLog = System.nanoTime();                   // guarded by lock
    private final AtomicLong batchesDone = new AtomicLong();        // written or failed: whether stopping makes progress
    private final List<Thread> writers;
    private volatile boolean running = true;

    /**
     * Starts {@code writers} writer threads named after {@code name}, which queue at most
     * {@code capacityBytes} of messages (estimated) and write at most {@code batchSize} in one
     * transaction; {@code whenFull} tells an operator what to do when senders wait for room (which
     * setting to raise).
     */
    public BatchedArchiveWriter(MessageArchive archive, long capacityBytes, int batchSize, int writers, String name, String whenFull) {
        this.archive = archive;
        this.capacityBytes = Math.max(1, capacityBytes);
        this.batchSize = Math.max(1, batchSize);
        this.whenFull = whenFull;
        this.writers = IntStream.rangeClosed(1, Math.max(1, writers))
                .mapToObj(i -> Thread.ofPlatform().name(name + "-" + i).daemon().start(this::writeUntilStopped)).toList();
    }

    /** Hands {@code message} over for writing; returns at once unless the queue is full. */
    public void write(ArchivedMessage message) {
        long bytes = MessageFootprint.of(message);
        lock.lock();
        try {
            // One message larger than the whole cap still goes, alone, rather than wait for ever.
            while (running && !queue.isEmpty() && queuedBytes + bytes > capacityBytes) {
                logWait();
                notFull.await();
            }
            if (running) {
                queue.add(new Queued(message, bytes, ++lastQueued));
                queuedBytes += bytes;
                notEmpty.signal();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // kept for the caller; the message is stored below all the same
        } finally {
            lock.unlock();
        }
        store(List.of(message));   // stopping, or interrupted: the writer may be gone
    }

    // Under the lock. The first wait logs at once; later ones are counted into the next line.
    private void logWait() {
        waitsSinceLogged++;
        long now = System.nanoTime();
        if (now - nextWaitLog < 0) return;
        log.log(System.Logger.Level.WARNING, "routing waited {0} times for the archive writer since the last such line: its queue holds {1} messages "
                        + "in {2} KiB of {3} KiB; {4}",
                waitsSinceLogged, queue.size(), queuedBytes / 1024, capacityBytes / 1024, whenFull);
        waitsSinceLogged = 0;
        nextWaitLog = now + WAIT_LOG_INTERVAL;
    }

    /**
     * Waits until every message handed over before this call is written, at most {@code timeout}:
     * a query then sees the messages just delivered.
     */
    public void awaitWritten(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = lastQueued;
            while (writtenThrough() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return;
                written.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    // Under the lock. Batches are taken in order but may finish out of it: every message up to
    // the first one of the oldest batch still being written is done.
    private long writtenThrough() {
        return inFlight.isEmpty() ? lastTaken : inFlight.first() - 1;
    }

    private void writeUntilStopped() {
        List<ArchivedMessage> batch = new ArrayList<>(batchSize);
        while (true) {
            long first;
            lock.lock();
            try {
                if (queue.isEmpty()) {
                    if (!running) return;
                    notEmpty.await(100, TimeUnit.MILLISECONDS);   // bounded: a stop without a signal is seen
                    continue;
                }
                first = queue.peek().seq();
                while (batch.size() < batchSize && !queue.isEmpty()) {
                    Queued next = queue.poll();
                    queuedBytes -= next.bytes();
                    lastTaken = next.seq();
                    batch.add(next.message());
                }
                inFlight.add(first);
                notFull.signalAll();
            } catch (InterruptedException e) {
                running = false;   // stopping: the loop writes what is left, then ends
                continue;
            } finally {
                lock.unlock();
            }
            store(batch);
            batch.clear();
            lock.lock();
            try {
                inFlight.remove(first);
                written.signalAll();
            } finally {
                lock.unlock();
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
        batchesDone.incrementAndGet();
    }

    /**
     * Writes everything queued, then ends the writer threads. It waits as long as batches are being
     * written, so a full queue is written however long that takes; it gives up only when the writers
     * have written nothing for 30 s.
     */
    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            running = false;   // no interrupt: it could break a write under way
            notEmpty.signalAll();
            notFull.signalAll();   // waiting senders write their own messages now
        } finally {
            lock.unlock();
        }
        long before = -1;
        while (writers.stream().anyMatch(Thread::isAlive) && batchesDone.get() != before) {
            before = batchesDone.get();
            long deadline = System.nanoTime() + STALL.toNanos();
            for (Thread writer : writers) writer.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        if (writers.stream().anyMatch(Thread::isAlive))
            log.log(System.Logger.Level.ERROR, "the archive writers wrote nothing for {0} s while stopping; {1} queued messages may not be archived: "
                    + "look at the database", STALL.toSeconds(), queuedCount());
    }

    private int queuedCount() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
