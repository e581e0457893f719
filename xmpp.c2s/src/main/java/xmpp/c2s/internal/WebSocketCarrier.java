package xmpp.c2s.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlParseException;
import xmpp.core.xml.Element;
import xmpp.core.xml.Xml;

/**
 * One client's WebSocket (RFC 7395): its text messages, each one whole element, into the
 * client's {@link FramedTransport}; the server's stream back as one message per element, with
 * {@code <open/>} and {@code <close/>} for the stream's header and end.
 * Public because Jetty calls the listener methods through method handles.
 */
public final class WebSocketCarrier implements Session.Listener.AutoDemanding, FramedTransport.Carrier {

    static final String FRAMING_NS = "urn:ietf:params:xml:ns:xmpp-framing";
    private static final System.Logger log = System.getLogger(WebSocketCarrier.class.getName());
    private static final long SEND_TIMEOUT_S = 60;   // the listener's write timeout ends a stalled client sooner

    private final CompletableFuture<Session> session = new CompletableFuture<>();
    private final StreamParser parser;
    private final long maxFrameBytes;
    private final Duration idleTimeout;
    private final String peer;
    private FramedTransport transport;

    WebSocketCarrier(StreamParser parser, long maxFrameBytes, Duration idleTimeout, String peer) {
        this.parser = parser;
        this.maxFrameBytes = maxFrameBytes;
        this.idleTimeout = idleTimeout;
        this.peer = peer;
    }

    /** Set once, before the WebSocket opens. */
    void carry(FramedTransport transport) {
        this.transport = transport;
    }

    // ---- from the client

    @Override
    public void onWebSocketOpen(Session s) {
        // Larger than the stanza limit: a frame up to here gets the stream error policy-violation from the
        // parser, as over TCP; only what is larger still is cut off by Jetty (close code 1009).
        s.setMaxTextMessageSize(maxFrameBytes * 2);
        s.setMaxBinaryMessageSize(1024);
        s.setIdleTimeout(idleTimeout);
        session.complete(s);
    }

    @Override
    public void onWebSocketText(String frame) {
        try {
            if (frame.startsWith("<open") || frame.startsWith("<close")) {
                Element e = framing(frame);
                if (e != null) {
                    if (e.name().equals("open")) transport.open(e.attr("to"), e.attr("xml:lang"));
                    else transport.closeStream();
                    return;
                }
            }
            transport.element(frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transport.lost();
        }
    }

    /** The {@code <open/>} or {@code <close/>} of RFC 7395, or null when the frame is something else. */
    private Element framing(String frame) {
        try {
            Element e = parser.parseElement(frame);
            return e.namespace().equals(FRAMING_NS) ? e : null;
        } catch (XmlParseException e) {
            return null;   // the transport checks it again, and ends the stream with the error
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        try {
            transport.fail(StreamError.of(StreamError.Condition.BAD_FORMAT, "RFC 7395 streams are text frames only"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transport.lost();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        log.log(System.Logger.Level.DEBUG, "WebSocket of {0} closed: {1} {2}", peer, statusCode, reason);
        transport.lost();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.log(System.Logger.Level.DEBUG, "WebSocket of {0} failed: {1}", peer, cause.getMessage());
        transport.lost();
    }

    // ---- to the client

    @Override
    public void header(Map<String, String> attributes) throws IOException {
        send("<open xmlns='" + FRAMING_NS + "' from='" + Xml.escape(attributes.getOrDefault("from", "")) + "' id='"
                + Xml.escape(attributes.getOrDefault("id", "")) + "' version='1.0' xml:lang='en'/>");
    }

    @Override
    public void element(String xml) throws IOException {
        send(xml);
    }

    /** RFC 7395 section 3.4: WebSocket pings, not whitespace. */
    @Override
    public void keepalive() {
        Session s = session.getNow(null);
        if (s != null) s.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }

    /** The server ends the stream: {@code <close/>}, then the WebSocket (RFC 7395 section 3.6). */
    @Override
    public void end() throws IOException {
        send("<close xmlns='" + FRAMING_NS + "'/>");
        Session s = session.getNow(null);
        if (s != null) s.close(StatusCode.NORMAL, null, Callback.NOOP);
    }

    @Override
    public void disconnect() {
        Session s = session.getNow(null);
        if (s != null) s.disconnect();
        else session.thenAccept(Session::disconnect);
    }

    /** Blocks until the frame is written: the connection's writer measures a stalled client by it. */
    private void send(String text) throws IOException {
        try {
            Session s = session.get(SEND_TIMEOUT_S, TimeUnit.SECONDS);
            Callback.Completable sent = new Callback.Completable();
            s.sendText(text, sent);
            sent.get(SEND_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot write to the WebSocket of " + peer + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted writing to " + peer, e);
        }
    }
}
