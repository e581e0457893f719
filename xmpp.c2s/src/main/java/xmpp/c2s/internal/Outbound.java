package xmpp.c2s.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import xmpp.core.xml.Element;
import xmpp.core.xml.XmlOutput;

/**
 * What waits to be written to one client, bounded in stanzas and bytes, and the virtual thread
 * that writes it. Senders never block: a full queue is the client's problem, and the caller
 * closes its session. When nothing has been sent for a while, {@link #keepAliveIfIdle()} sends
 * a space, which keeps NATs open and finds dead connections.
 *
 * <p>An idle session is the common case, so it costs little: the writer thread runs only while
 * something is queued (a session that writes again gets a new one), and the queue holds nodes for
 * what waits, not slots for its limit.
 *
 * <p>A stanza waits as its serialized bytes only, and the byte limit counts what those hold;
 * the rare stanza that must be routed elsewhere is parsed back by the caller.
 */
final class Outbound {

    enum Offer { QUEUED, FULL, CLOSED }

    private static final byte[] END = new byte[0];
    private static final byte[] KEEPALIVE = {' '};
    private static final byte[] ACK_REQUEST = ("<r xmlns='" + StreamManagement.NS + "'/>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final int ARRAY_HEADER_BYTES = 16;
    // A write is watched for progress chunk by chunk, so a large stanza to a slow reader is not a stall.
    private static final int CHUNK = 16 * 1024;
    private static final int BATCH = 8 * 1024;
    private static final long NOT_WRITING = Long.MIN_VALUE;

    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger stanzas = new AtomicInteger();   // in the queue; markers do not count
    private final AtomicLong queuedBytes = new AtomicLong();
    private final int maxStanzas;
    private final long maxBytes;
    private final OutputStream out;
    private final long keepaliveNanos;
    private final Runnable onWriteFailure;
    private final String name;
    private final AtomicBoolean writing = new AtomicBoolean();   // a writer thread runs
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);  // the last bytes are written, or writing failed
    private volatile boolean started;
    private volatile boolean failed;
    private volatile byte[] last = END;
    private volatile List<byte[]> inFlight = List.of();   // taken from the queue, not yet wholly written
    private volatile long writingSince = NOT_WRITING;   // System.nanoTime() when the pending write began
    private volatile long lastWrite = System.nanoTime();
    private StreamManagement sm;   // XEP-0198 from <enable/> or <resume/> on; guarded by this

    /** Queues from now on, but writes only after {@link #start()}. */
    Outbound(OutputStream out, int maxStanzas, long maxBytes, Duration keepalive, String name, Runnable onWriteFailure) {
        this.maxStanzas = maxStanzas;
        this.maxBytes = maxBytes;
        this.out = out;
        this.keepaliveNanos = keepalive.toNanos();
        this.name = name;
        this.onWriteFailure = onWriteFailure;
    }

    /** Starts writing what is queued, in order. */
    Outbound start() {
        started = true;
        lastWrite = System.nanoTime();
        wakeWriter();
        return this;
    }

    /** Queues a stanza, serialized now, on the sender's thread, so the writer only copies bytes. */
    Offer offer(Element stanza) {
        if (closing.get()) return Offer.CLOSED;
        byte[] bytes = new XmlOutput(256).element(stanza).toByteArray();
        long held = held(bytes);
        if (queuedBytes.addAndGet(held) > maxBytes) {
            queuedBytes.addAndGet(-held);
            return Offer.FULL;
        }
        if (stanzas.incrementAndGet() > maxStanzas) {
            stanzas.decrementAndGet();
            queuedBytes.addAndGet(-held);
            return Offer.FULL;
        }
        synchronized (this) {   // the order of the unacknowledged is the order of the queue
            if (sm != null && !sm.sent(bytes)) {
                stanzas.decrementAndGet();
                queuedBytes.addAndGet(-held);
                return Offer.FULL;
            }
            queue.add(bytes);
            if (sm != null && sm.requestDue()) control(ACK_REQUEST);
        }
        wakeWriter();
        return Offer.QUEUED;
    }

    /**
     * A stream-level element that is no stanza (XEP-0198's answers) or a stanza sent again:
     * written in order with the stanzas, never counted as sent, never refused for the limits.
     */
    void control(byte[] bytes) {
        if (closing.get()) return;
        stanzas.incrementAndGet();
        queuedBytes.addAndGet(held(bytes));
        queue.add(bytes);
        wakeWriter();
    }

    /**
     * From now on, counts and keeps what is offered for XEP-0198; first writes {@code first}
     * ({@code <enabled/>} or {@code <resumed/>}) and the stanzas a resumed stream sends again,
     * so that nothing offered meanwhile can come between them.
     */
    synchronized void manage(StreamManagement sm, byte[] first, List<byte[]> again) {
        control(first);
        for (byte[] b : again) control(b);
        this.sm = sm;
    }

    /**
     * From the listener's periodic check: a space when nothing has gone out for the keepalive
     * time. A session waiting for it holds no thread, as a timed wait per session would.
     */
    void keepAliveIfIdle() {
        if (!started || closing.get() || writing.get() || System.nanoTime() - lastWrite < keepaliveNanos) return;
        lastWrite = System.nanoTime();   // one space per period, even while the client is slow to take it
        StreamManagement managed;
        synchronized (this) {
            managed = sm;
        }
        if (managed != null && managed.unackedCount() > 0) {
            control(ACK_REQUEST);   // rather than a space: the answer also frees what the client got
            return;
        }
        queue.add(KEEPALIVE);
        wakeWriter();
    }

    /** Writes {@code last} after what is queued, then stops; later offers are refused. */
    void finish(byte[] last) {
        if (!closing.compareAndSet(false, true)) return;
        this.last = last;
        queue.add(END);
        wakeWriter();
    }

    /**
     * Stops at once: what waits is taken out of the queue, so that {@code last} (a stream error)
     * is the next thing written. Empty when finished already.
     */
    Optional<List<byte[]>> abort(byte[] last) {
        if (!closing.compareAndSet(false, true)) return Optional.empty();
        List<byte[]> waiting = drain();
        this.last = last;
        queue.add(END);
        wakeWriter();
        return Optional.of(waiting);
    }

    /** Waits for the writer to have written everything, up to {@code timeout}. */
    boolean awaitWritten(Duration timeout) throws InterruptedException {
        return !started || ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stanzas that were never written whole, in order, for the caller to route elsewhere. */
    List<byte[]> unwritten() {
        List<byte[]> unwritten = new ArrayList<>();
        if (failed) {   // stanzas cut off by a failed write never reached the client
            for (byte[] cut : inFlight) if (cut != KEEPALIVE) unwritten.add(cut);
        }
        unwritten.addAll(drain());
        return unwritten;
    }

    private List<byte[]> drain() {
        List<byte[]> taken = new ArrayList<>();
        synchronized (queue) {
            for (byte[] b = take(); b != null; b = take()) {
                if (b == END || b == KEEPALIVE) continue;
                taken.add(b);
                queuedBytes.addAndGet(-held(b));
            }
        }
        return taken;
    }

    int queued() {
        return stanzas.get();
    }

    /** How long the write under way has made no progress; zero when the writer is not writing. */
    Duration stalled() {
        long since = writingSince;
        return since == NOT_WRITING ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    private static long held(byte[] bytes) {
        return bytes.length + ARRAY_HEADER_BYTES;
    }

    /** One writer at a time keeps the order; none while nothing waits. */
    private void wakeWriter() {
        if (started && !queue.isEmpty() && !failed && writing.compareAndSet(false, true))
            Thread.ofVirtual().name("c2s-writer-" + name).start(this::write);
    }

    private void write() {
        try {
            do {
                writeQueued();
                writing.set(false);
                // An offer between the last poll and the line above saw a writer still running: look again.
            } while (!queue.isEmpty() && ended.getCount() > 0 && writing.compareAndSet(false, true));
        } catch (IOException e) {
            failed = true;
            closing.set(true);
            writing.set(false);
            onWriteFailure.run();   // before the end is signalled: whoever awaits it finds the failure handled
            ended.countDown();
        }
    }

    private void writeQueued() throws IOException {
        boolean alone = true;   // a client that reads nothing then holds one stanza in a write, and the rest can go elsewhere
        for (byte[] item = take(); item != null; item = take()) {
            if (item == END) {
                send(last);
                flush();
                ended.countDown();
                return;
            }
            List<byte[]> unit = alone ? List.of(item) : withWhatWaitsBehind(item);
            alone = false;
            inFlight = unit;
            send(unit.size() == 1 ? item : joined(unit));
            inFlight = List.of();
            for (byte[] b : unit) if (b != KEEPALIVE) queuedBytes.addAndGet(-held(b));
        }
        flush();
    }

    private byte[] take() {
        byte[] item = queue.poll();
        if (item != null && item != END && item != KEEPALIVE) stanzas.decrementAndGet();
        return item;
    }

    /** Stanzas that waited together go out in one write (one TLS record, one system call), up to {@link #BATCH} bytes. */
    private List<byte[]> withWhatWaitsBehind(byte[] first) {
        List<byte[]> unit = new ArrayList<>();
        unit.add(first);
        int size = first.length;
        synchronized (queue) {   // against drain(): what it takes must not be taken here too
            for (byte[] next = queue.peek(); next != null && next != END && size + next.length <= BATCH; next = queue.peek()) {
                unit.add(take());
                size += next.length;
            }
        }
        return unit;
    }

    private static byte[] joined(List<byte[]> unit) {
        int size = 0;
        for (byte[] b : unit) size += b.length;
        byte[] all = new byte[size];
        int off = 0;
        for (byte[] b : unit) {
            System.arraycopy(b, 0, all, off, b.length);
            off += b.length;
        }
        return all;
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
        lastWrite = System.nanoTime();
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
