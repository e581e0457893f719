package xmpp.c2s.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import xmpp.core.xml.Element;
import xmpp.core.xml.XmlOutput;

/**
 * What waits to be written to one client, bounded in stanzas and bytes, and the virtual thread
 * that writes it. Senders never block: a full queue is the client's problem, and the caller
 * closes its session. When nothing has been sent for a while, a space goes out, which keeps
 * NATs open and finds dead connections.
 *
 * <p>A stanza waits as its serialized bytes only, and the byte limit counts what those hold;
 * the rare stanza that must be routed elsewhere is parsed back by the caller.
 */
final class Outbound {

    enum Offer { QUEUED, FULL, CLOSED }

    private static final byte[] END = new byte[0];
    private static final byte[] KEEPALIVE = {' '};
    private static final int ARRAY_HEADER_BYTES = 16;
    // A write is watched for progress chunk by chunk, so a large stanza to a slow reader is not a stall.
    private static final int CHUNK = 16 * 1024;
    private static final long NOT_WRITING = Long.MIN_VALUE;

    private final BlockingQueue<byte[]> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxBytes;
    private final OutputStream out;
    private final long keepaliveMillis;
    private final Runnable onWriteFailure;
    private final Thread writer;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile byte[] last = END;
    private volatile byte[] inFlight;                   // taken from the queue, not yet wholly written
    private volatile long writingSince = NOT_WRITING;   // System.nanoTime() when the pending write began

    /** Queues from now on, but writes only after {@link #start()}. */
    Outbound(OutputStream out, int maxStanzas, long maxBytes, Duration keepalive, String name, Runnable onWriteFailure) {
        this.queue = new ArrayBlockingQueue<>(maxStanzas + 1);   // + END
        this.maxBytes = maxBytes;
        this.out = out;
        this.keepaliveMillis = keepalive.toMillis();
        this.onWriteFailure = onWriteFailure;
        this.writer = Thread.ofVirtual().name("c2s-writer-" + name).unstarted(this::write);
    }

    /** Starts writing what is queued, in order. */
    Outbound start() {
        writer.start();
        return this;
    }

    /** Queues a stanza, serialized now, on the sender's thread, so the writer only copies bytes. */
    Offer offer(Element stanza) {
        if (closing.get()) return Offer.CLOSED;
        byte[] bytes = new XmlOutput(256).element(stanza).toByteArray();
        long held = held(bytes);
        if (queuedBytes.addAndGet(held) > maxBytes || queue.remainingCapacity() <= 1 || !queue.offer(bytes)) {
            queuedBytes.addAndGet(-held);
            return Offer.FULL;
        }
        return Offer.QUEUED;
    }

    /** Writes {@code last} after what is queued, then stops; later offers are refused. */
    void finish(byte[] last) {
        if (!closing.compareAndSet(false, true)) return;
        this.last = last;
        queue.offer(END);
    }

    /**
     * Stops at once: what waits is taken out of the queue, so that {@code last} (a stream error)
     * is the next thing written. Empty when finished already.
     */
    Optional<List<byte[]>> abort(byte[] last) {
        if (!closing.compareAndSet(false, true)) return Optional.empty();
        List<byte[]> waiting = drain();
        this.last = last;
        queue.offer(END);
        return Optional.of(waiting);
    }

    /** Waits for the writer to have written everything, up to {@code timeout}. */
    boolean awaitWritten(Duration timeout) throws InterruptedException {
        return writer.getState() == Thread.State.NEW || writer.join(timeout);
    }

    /** Stanzas that were never written whole, in order, for the caller to route elsewhere. */
    List<byte[]> unwritten() {
        List<byte[]> stanzas = new ArrayList<>();
        byte[] cut = inFlight;   // a stanza cut off by a failed write never reached the client
        if (cut != null && !writer.isAlive()) stanzas.add(cut);
        stanzas.addAll(drain());
        return stanzas;
    }

    private List<byte[]> drain() {
        List<byte[]> taken = new ArrayList<>();
        queue.drainTo(taken);
        taken.removeIf(b -> b == END);
        for (byte[] b : taken) queuedBytes.addAndGet(-held(b));
        return taken;
    }

    int queued() {
        return queue.size();
    }

    /** How long the write under way has made no progress; zero when the writer is not writing. */
    Duration stalled() {
        long since = writingSince;
        return since == NOT_WRITING ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    private static long held(byte[] bytes) {
        return bytes.length + ARRAY_HEADER_BYTES;
    }

    private void write() {
        try {
            while (true) {
                byte[] item = queue.poll(keepaliveMillis, TimeUnit.MILLISECONDS);
                if (item == null) {
                    send(KEEPALIVE);
                    flush();
                    continue;
                }
                if (item == END) {
                    send(last);
                    flush();
                    return;
                }
                inFlight = item;
                send(item);
                if (queue.isEmpty()) flush();   // batch what arrived together into one write
                inFlight = null;
                queuedBytes.addAndGet(-held(item));
            }
        } catch (IOException e) {
            closing.set(true);
            onWriteFailure.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(byte[] bytes) throws IOException {
        for (int off = 0; off < bytes.length; off += CHUNK) {
            writingSince = System.nanoTime();
            try {
                out.write(bytes, off, Math.min(CHUNK, bytes.length - off));
            } finally {
                writingSince = NOT_WRITING;   // a failed write is no stall: its failure closes the session already
            }
        }
    }

    private void flush() throws IOException {
        writingSince = System.nanoTime();
        try {
            out.flush();
        } finally {
            writingSince = NOT_WRITING;
        }
    }
}
