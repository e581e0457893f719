package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;
import xmpp.core.stream.XmlStreams;

/** The session layer of the TCP listener, driven frame by frame as WebSocket and BOSH drive it. */
class FramedTransportTest {

    static TestServer server;
    static C2SListener listener;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        listener = server.listen(TestServer.settings());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What the server sent, one piece each: "header from=...", an element's XML, "end". */
    static final class Recorder implements FramedTransport.Carrier {
        final BlockingQueue<String> pieces = new LinkedBlockingQueue<>();
        volatile boolean disconnected;

        @Override public void header(Map<String, String> attributes) { pieces.add("header from=" + attributes.get("from")); }
        @Override public void element(String xml) { pieces.add(xml); }
        @Override public void keepalive() { }
        @Override public void end() { pieces.add("end"); }
        @Override public void disconnect() { disconnected = true; }

        String next() throws InterruptedException {
            String piece = pieces.poll(10, TimeUnit.SECONDS);
            if (piece == null) throw new AssertionError("nothing came from the server");
            return piece;
        }

        Element nextElement() throws Exception {
            return XmlStreams.parseElement(next());
        }
    }

    /** Over HTTPS or WSS. */
    static FramedTransport connect(Recorder carrier) throws Exception {
        return connect(carrier, true, listener);
    }

    static FramedTransport connect(Recorder carrier, boolean secure, C2SListener to) throws Exception {
        FramedTransport t = new FramedTransport("websocket", secure, InetAddress.getLoopbackAddress(), "test", carrier, to.parser());
        to.serve(t);
        return t;
    }

    /** The full JID bound. */
    static String logIn(FramedTransport t, Recorder carrier, String user, String password) throws Exception {
        authenticate(t, carrier, user, password);
        t.element("<iq xmlns='jabber:client' type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        Element bound = carrier.nextElement();
        assertEquals("result", bound.attr("type"));
        return bound.child("bind", Connection.BIND_NS).orElseThrow().child("jid").orElseThrow().text();
    }

    /** SASL PLAIN and the restart: the features after authentication are read. */
    static void authenticate(FramedTransport t, Recorder carrier, String user, String password) throws Exception {
        t.open("localhost", "en");
        assertEquals("header from=localhost", carrier.next());
        carrier.nextElement();
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        t.element("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        assertEquals("success", carrier.nextElement().name());
        t.open("localhost", "en");
        assertEquals("header from=localhost", carrier.next());
        carrier.nextElement();
    }

    @Test
    void aSessionWhoseCarrierIsLostWithoutCloseIsResumedOverAnother() throws Exception {
        Recorder first = new Recorder();
        FramedTransport lostOne = connect(first);
        String jid = logIn(lostOne, first, "juliet", "wherefore");
        lostOne.element("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        Element enabled = first.nextElement();
        assertEquals("enabled", enabled.name(), enabled.toXml());
        lostOne.lost();   // the WebSocket dropped, no <close/>: XEP-0198 keeps the session, detached

        Recorder second = new Recorder();
        FramedTransport again = connect(second);
        authenticate(again, second, "juliet", "wherefore");
        again.element("<resume xmlns='urn:xmpp:sm:3' previd='" + enabled.attr("id") + "' h='0'/>");
        Element resumed = second.nextElement();
        assertEquals("resumed", resumed.name(), resumed.toXml());
        again.element("<message xmlns='jabber:client' to='" + jid + "' id='m2'><body>still me</body></message>");
        Element message = second.nextElement();
        assertEquals("still me", message.child("body").orElseThrow().text(), "the resumed session is bound as before");
        again.closeStream();
    }

    @Test
    void theFeaturesOfferNoStartTlsAndAllowLoginAtOnce() throws Exception {
        Recorder carrier = new Recorder();
        FramedTransport t = connect(carrier);
        t.open("localhost", "");
        assertEquals("header from=localhost", carrier.next());
        String features = carrier.next();
        assertTrue(features.startsWith("<stream:features xmlns:stream='http://etherx.jabber.org/streams'"), features);
        Element parsed = XmlStreams.parseElement(features);
        assertTrue(parsed.child("starttls", Connection.TLS_NS).isEmpty(), features);
        assertTrue(RawClientTest.mechanisms(parsed).contains("PLAIN"), features);
        t.closeStream();
        assertEquals("end", carrier.next());
    }

    @Test
    void aSessionOverASecureCarrierIsSecureAndOneOverPlainHttpIsNot() throws Exception {
        Recorder overHttps = new Recorder();
        FramedTransport secure = connect(overHttps);
        String secureJid = logIn(secure, overHttps, "romeo", "pencil");
        assertTrue(server.router.session(Jid.of(secureJid)).orElseThrow().secure(), "HTTPS or WSS counts as TLS");
        secure.closeStream();

        C2SListener loopbackPlain = server.listen(TestServer.plaintextOnLoopback());
        Recorder overHttp = new Recorder();
        FramedTransport plain = connect(overHttp, false, loopbackPlain);
        String plainJid = logIn(plain, overHttp, "juliet", "wherefore");
        assertFalse(server.router.session(Jid.of(plainJid)).orElseThrow().secure(), "plain HTTP is plain text, allowed on loopback here");
        plain.closeStream();
    }

    @Test
    void aLoggedInClientGetsItsStanzasAsWholeElementsInTheClientNamespace() throws Exception {
        Recorder carrier = new Recorder();
        FramedTransport t = connect(carrier);
        String jid = logIn(t, carrier, "romeo", "pencil");
        t.element("<message xmlns='jabber:client' to='" + jid + "' id='m1'><body>to myself</body></message>");
        String message = carrier.next();
        assertTrue(message.startsWith("<message xmlns='jabber:client'"), message);
        Element parsed = XmlStreams.parseElement(message);
        assertEquals("to myself", parsed.child("body").orElseThrow().text());
        assertEquals(jid, parsed.attr("from"));
        t.closeStream();
        assertEquals("end", carrier.next());
    }

    /** The stream error a frame sent after the opening gets, the end of the stream after it. */
    private static Element streamErrorFor(String frame) throws Exception {
        Recorder carrier = new Recorder();
        FramedTransport t = connect(carrier);
        t.open("localhost", "");
        carrier.next();   // the header
        carrier.next();   // the features
        t.element(frame);
        Element error = carrier.nextElement();
        assertEquals("error", error.name(), error.toString());
        assertEquals("end", carrier.next());
        return error;
    }

    @Test
    void aFrameThatIsNoWholeElementEndsTheStreamWithNotWellFormed() throws Exception {
        Element error = streamErrorFor("<message xmlns='jabber:client'><body>unclosed</message>");
        assertTrue(error.child("not-well-formed", "urn:ietf:params:xml:ns:xmpp-streams").isPresent(), error.toString());
    }

    @Test
    void twoElementsInOneFrameAreRefused() throws Exception {
        assertFalse(streamErrorFor("<presence xmlns='jabber:client'/><presence xmlns='jabber:client'/>").elements().isEmpty());
    }

    @Test
    void aFrameOverTheStanzaLimitEndsTheStreamWithPolicyViolation() throws Exception {
        Element error = streamErrorFor("<message xmlns='jabber:client'><body>" + "x".repeat(300_000) + "</body></message>");
        assertTrue(error.child("policy-violation", "urn:ietf:params:xml:ns:xmpp-streams").isPresent(), error.toString());
    }

    @Test
    void whatTheClientSentBeforeItsCarrierWasLostIsStillRead() throws Exception {
        Recorder carrier = new Recorder();
        // Not served: nothing reads yet, so the frames fill the queue as they would behind a busy session.
        FramedTransport t = new FramedTransport("websocket", true, InetAddress.getLoopbackAddress(), "test", carrier, listener.parser());
        int frames = 16;
        for (int i = 0; i < frames; i++) t.element("<presence xmlns='jabber:client' id='p" + i + "'/>");
        t.lost();
        String read = new String(t.in().readAllBytes(), StandardCharsets.UTF_8);
        for (int i = 0; i < frames; i++) assertTrue(read.contains("id='p" + i + "'"), "frame " + i + " is read: " + read);
    }

    @Test
    void theInputCountsTheBytesOfTheFramesAlreadyQueuedAsAvailable() throws Exception {
        // Not served: nothing reads the frames but this test, so the queue holds what was put.
        FramedTransport t = new FramedTransport("websocket", true, InetAddress.getLoopbackAddress(), "test", new Recorder(), listener.parser());
        String first = "<presence xmlns='jabber:client'/>";
        String second = "<message xmlns='jabber:client' to='b@localhost'><body>h\u00e9</body></message>";
        assertEquals(0, t.in().available(), "nothing queued yet");
        t.element(first);
        t.element(second);
        int both = first.length() + second.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(both, t.in().available());
        byte[] some = new byte[10];
        assertEquals(10, t.in().read(some, 0, 10));
        assertEquals(both - 10, t.in().available(), "the rest of the frame being read, and the next frame");
        t.in().readNBytes(both - 10);
        assertEquals(0, t.in().available());
    }
}
