package xmpp.c2s.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.Streams;
import xmpp.core.stream.XmlParseException;
import xmpp.core.xml.Xml;

/**
 * A client stream carried in frames by the HTTP service (RFC 7395 WebSocket, XEP-0206 BOSH)
 * rather than as one byte stream: the carrier hands over the stream's opening, each element,
 * the close; this turns them into the bytes a {@link Connection} reads, and cuts what it writes
 * back into pieces ({@link StreamSplitter}). So the same session code serves TCP and HTTP.
 * Each element is checked on its own first (well-formed, one element, within the listener's
 * limits): a frame that is not ends the stream with the error the same bytes would get over TCP.
 */
final class FramedTransport implements Transport {

    /** The carrier: where the pieces of the server's stream go, and how the connection ends. */
    interface Carrier extends StreamSplitter.Pieces {
        /** Ends the carrier's connection at once, from any thread. */
        void disconnect();

        /** What the carrier took but could not deliver, taken now (see {@link Transport#undelivered()}). */
        default List<String> undelivered() {
            return List.of();
        }
    }

    private static final System.Logger log = System.getLogger(FramedTransport.class.getName());
    private static final int FRAMES_WAITING = 16;   // a client that sends faster waits: its carrier's reading stops
    private static final Object END = new Object();

    private final String kind;
    private final InetAddress remote;
    private final String peer;
    private final Carrier carrier;
    private final StreamParser parser;
    private final BlockingQueue<Object> frames = new ArrayBlockingQueue<>(FRAMES_WAITING);
    private final InputStream in = new FrameInput();
    private final OutputStream out;
    private final boolean secure;
    private volatile boolean closed;
    private final AtomicInteger droppedAfterLoss = new AtomicInteger();

    /**
     * {@code kind} names the carrier for metrics: {@code websocket} or {@code bosh}; {@code secure}: the
     * client's HTTP request came over TLS (HTTPS, WSS, or a trusted proxy's X-Forwarded-Proto says so).
     */
    FramedTransport(String kind, boolean secure, InetAddress remote, String peer, Carrier carrier, StreamParser parser) {
        this.kind = kind;
        this.secure = secure;
        this.remote = remote;
        this.peer = peer;
        this.carrier = carrier;
        this.parser = parser;
        StreamSplitter splitter = new StreamSplitter(carrier);
        this.out = new BulkOutput() {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (closed) throw new IOException("the connection of " + peer + " is closed");
                synchronized (splitter) {
                    splitter.write(b, off, len);
                }
            }
        };
    }

    // ---- from the carrier

    /** The client opens a stream (again, after SASL): RFC 7395's {@code <open/>}, BOSH's session request or restart. */
    void open(String to, String lang) throws InterruptedException {
        put(("<stream:stream xmlns='" + Streams.CLIENT_NS + "' xmlns:stream='" + Streams.STREAMS_NS + "' to='" + Xml.escape(to)
                + "' version='1.0'" + (lang.isEmpty() ? "" : " xml:lang='" + Xml.escape(lang) + "'") + ">").getBytes(StandardCharsets.UTF_8));
    }

    /** One element from the client; the stream ends with a stream error if it is not one whole, acceptable element. */
    void element(String xml) throws InterruptedException {
        try {
            parser.parseElement(xml);
        } catch (XmlParseException e) {
            put(new FramingError(e.toStreamError()));
            return;
        }
        put(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** The stream ends with this error, the carrier's own (a BOSH request out of order, a WebSocket frame too large). */
    void fail(StreamError error) throws InterruptedException {
        put(new FramingError(error));
    }

    /** The client closes its stream: RFC 7395's {@code <close/>}, BOSH's terminate. */
    void closeStream() throws InterruptedException {
        put("</stream:stream>".getBytes(StandardCharsets.UTF_8));
    }

    /** The carrier's connection is gone, without a close: as a TCP connection lost. */
    void lost() {
        // What the client sent before (its <close/>, say) is still read: the reader ends once the queue is
        // drained. The marker wakes a reader waiting on an empty queue; a full one has a reader busy with it.
        closed = true;
        frames.offer(END);
    }

    private void put(Object frame) throws InterruptedException {
        while (!closed) {
            if (frames.offer(frame, 1, TimeUnit.SECONDS)) return;
        }
        droppedAfterLoss.incrementAndGet();   // counted in the reader's one line at the end
    }

    // ---- to the connection

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public InetAddress remote() {
        return remote;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public boolean securedByCarrier() {
        return secure;
    }

    @Override
    public boolean startTlsAvailable() {
        return false;
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public SSLSession startTls(String domain) throws IOException {
        throw new IOException("no STARTTLS over " + peer + ": TLS is the HTTP service's (https://, wss://)");
    }

    @Override
    public List<byte[]> undelivered() {
        return carrier.undelivered().stream().map(xml -> xml.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public void close() {
        lost();
        carrier.disconnect();
    }

    /** The frames' bytes one after the other; the end once the carrier is gone. */
    private final class FrameInput extends BulkInput {
        private byte[] chunk = new byte[0];
        private int pos;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (pos == chunk.length) {
                Object next;
                try {
                    next = closed ? frames.poll() : frames.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted reading from " + peer, e);
                }
                if (next == null || next == END) {
                    int dropped = droppedAfterLoss.getAndSet(0);
                    if (dropped > 0)
                        log.log(System.Logger.Level.INFO, "{0}: {1} frames came after its connection was lost and were not read", peer, dropped);
                    // Every later read ends too. The stream's reader takes an end before </stream:stream>
                    // for a lost connection, which a stream-management session survives, detached, as over TCP.
                    frames.offer(END);
                    return -1;
                }
                if (next instanceof FramingError error) throw error;
                chunk = (byte[]) next;
                pos = 0;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        /**
         * The rest of the frame being read and the bytes of the frames queued behind it, up to a
         * framing error or the end: the stream's reader keeps its parser while more is at hand.
         */
        @Override
        public int available() {
            long queued = chunk.length - pos;
            for (Object frame : frames) {
                if (!(frame instanceof byte[] bytes)) break;
                queued += bytes.length;
            }
            return (int) Math.min(queued, Integer.MAX_VALUE);
        }
    }
}
