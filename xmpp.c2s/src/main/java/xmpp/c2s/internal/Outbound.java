package xmpp.c2s.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import xmpp.core.xml.Element;
import xmpp.core.xml.XmlOutput;

/**
 * What waits to be written to one client, bounded in stanzas and bytes, and the virtual thread
 * that writes it. Senders never block: a full queue is the client's problem, and the caller
 * closes its session. When nothing has been sent for a while, a space goes out, which keeps
 * NATs open and finds dead connections.
 */
final class Outbound {

    enum Offer { QUEUED, FULL, CLOSED }

    private record Item(Element stanza, byte[] bytes) {
    }

    private static final Item END = new Item(null, new byte[0]);
    private static final byte[] KEEPALIVE = {' '};

    private final BlockingQueue<Item> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxBytes;
    private final OutputStream out;
    private final long keepaliveMillis;
    private final Runnable onWriteFailure;
    private final Thread writer;
    private volatile boolean closing;

    /** Queues from now on, but writes only after {@link #start()}. */
    Outbound(OutputStream out, int maxStanzas, long maxBytes, Duration keepalive, String name, Runnable onWriteFailure) {
        this.queue = new ArrayBlockingQueue<>(maxStanzas + 2);   // + the final bytes and END
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
        if (closing) return Offer.CLOSED;
        byte[] bytes = new XmlOutput(256).element(stanza).toByteArray();
        if (queuedBytes.addAndGet(bytes.length) > maxBytes || queue.remainingCapacity() <= 2 || !queue.offer(new Item(stanza, bytes))) {
            queuedBytes.addAndGet(-bytes.length);
            return Offer.FULL;
        }
        return Offer.QUEUED;
    }

    /** Writes {@code last} after what is queued, then stops; later offers are refused. */
    void finish(byte[] last) {
        if (closing) return;
        closing = true;
        queue.offer(new Item(null, last));
        queue.offer(END);
    }

    /** Waits for the writer to have written everything, up to {@code timeout}. */
    boolean awaitWritten(Duration timeout) throws InterruptedException {
        return writer.getState() == Thread.State.NEW || writer.join(timeout);
    }

    /** Stanzas that were never written, in order, for the caller to route elsewhere. */
    List<Element> unwritten() {
        List<Item> left = new ArrayList<>();
        queue.drainTo(left);
        List<Element> stanzas = new ArrayList<>();
        for (Item i : left) if (i.stanza() != null) stanzas.add(i.stanza());
        return stanzas;
    }

    int queued() {
        return queue.size();
    }

    private void write() {
        try {
            while (true) {
                Item item = queue.poll(keepaliveMillis, TimeUnit.MILLISECONDS);
                if (item == null) {
                    out.write(KEEPALIVE);
                    out.flush();
                    continue;
                }
                if (item == END) {
                    out.flush();
                    return;
                }
                out.write(item.bytes());
                queuedBytes.addAndGet(-item.bytes().length);
                if (queue.isEmpty()) out.flush();   // batch what arrived together into one write
            }
        } catch (IOException e) {
            closing = true;
            onWriteFailure.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
