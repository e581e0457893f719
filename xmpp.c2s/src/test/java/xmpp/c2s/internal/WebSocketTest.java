package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.spi.metrics.SessionTransport;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** XMPP over WebSocket (RFC 7395) in a real Jetty, as the HTTP service runs it: Smack end to end, and hostile frames. */
class WebSocketTest {

    static final String STREAMS_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    static TestServer server;
    static int tcpPort;
    static Server jetty;
    static URI endpoint;
    static URI oneAtATime;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        C2SListener listener = server.listen(TestServer.plaintextOnLoopback());
        tcpPort = listener.port();
        jetty = new Server();
        ServletContextHandler context = new ServletContextHandler("/");
        JettyWebSocketServletContainerInitializer.configure(context, null);
        context.addServlet(new ServletHolder(new WebSocketServlet(listener, Duration.ofMinutes(5))), "/xmpp-websocket");
        C2SListener single = server.listen(TestServer.plaintextOnLoopback(1, TestServer.settings().maxUnauthenticatedPerIp()));
        context.addServlet(new ServletHolder(new WebSocketServlet(single, Duration.ofMinutes(5))), "/one-at-a-time");
        int port = LoopbackJetty.serve(jetty, new ServerConnector(jetty), context);
        endpoint = URI.create("ws://127.0.0.1:" + port + "/xmpp-websocket");
        oneAtATime = URI.create("ws://127.0.0.1:" + port + "/one-at-a-time");
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        server.close();
    }

    static ModularXmppClientToServerConnection smackOverWebSocket(String user, String password, String resource) throws Exception {
        SmackConfiguration.DEBUG = false;
        ModularXmppClientToServerConnectionConfiguration.Builder config = ModularXmppClientToServerConnectionConfiguration.builder()
                .setXmppDomain("localhost")
                .setUsernameAndPassword(user, password)
                .setResource(resource)
                .setSecurityMode(SecurityMode.disabled);   // ws:// here; TLS is the HTTP service's (wss://)
        config.removeAllModules();
        config.addModule(XmppWebSocketTransportModuleDescriptor.getBuilder(config).explicitlySetWebSocketEndpointAndDiscovery(endpoint, false).build());
        ModularXmppClientToServerConnection c = new ModularXmppClientToServerConnection(config.build());
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        c.connect();
        c.login();
        return c;
    }

    @Test
    void smackOverWebSocketAndSmackOverTcpExchangeMessagesAndPresence() throws Exception {
        ModularXmppClientToServerConnection romeo = smackOverWebSocket("romeo", "pencil", "browser");
        XMPPTCPConnection juliet = SmackClientTest.connect(server, tcpPort, "juliet", "wherefore", "balcony", "PLAIN");
        try {
            assertTrue(romeo.isAuthenticated());
            assertEquals("romeo@localhost/browser", romeo.getUser().toString());
            assertEquals("websocket", SessionTransport.of(server.router.session(Jid.of("romeo@localhost/browser")).orElseThrow()),
                    "metrics count the session under its carrier");

            StanzaCollector atJuliet = juliet.createStanzaCollector(StanzaTypeFilter.MESSAGE);
            romeo.sendStanza(romeo.getStanzaFactory().buildMessageStanza().to(juliet.getUser()).setBody("over a WebSocket").build());
            Message m = atJuliet.nextResult(10_000);
            assertNotNull(m, "the TCP client gets the WebSocket client's message");
            assertEquals("over a WebSocket", m.getBody());
            assertEquals(romeo.getUser(), m.getFrom());

            StanzaCollector atRomeo = romeo.createStanzaCollector(StanzaTypeFilter.MESSAGE);
            juliet.sendStanza(juliet.getStanzaFactory().buildMessageStanza().to(romeo.getUser()).setBody("over TCP").build());
            Message back = atRomeo.nextResult(10_000);
            assertNotNull(back, "the WebSocket client gets the TCP client's message");
            assertEquals("over TCP", back.getBody());

            // Each also gets its own initial presence back (RFC 6121 4.2.2), at a moment of its own.
            StanzaCollector presenceAtRomeo = romeo.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createFull(juliet.getUser())));
            juliet.sendStanza(juliet.getStanzaFactory().buildPresenceStanza().to(romeo.getUser()).setStatus("on the balcony").build());
            Presence p = presenceAtRomeo.nextResult(10_000);
            assertNotNull(p, "and her presence");
            assertEquals("on the balcony", p.getStatus());

            StanzaCollector presenceAtJuliet = juliet.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createFull(romeo.getUser())));
            romeo.sendStanza(romeo.getStanzaFactory().buildPresenceStanza().to(juliet.getUser()).setStatus("below").build());
            Presence q = presenceAtJuliet.nextResult(10_000);
            assertNotNull(q, "and his presence reaches her");
            assertEquals(romeo.getUser(), q.getFrom());
        } finally {
            romeo.disconnect();
            juliet.disconnect();
        }
    }

    /** A WebSocket client that keeps every message it gets and how the server closed. */
    static final class RawWebSocket implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static RawWebSocket open() throws Exception {
            return open(endpoint);
        }

        static RawWebSocket open(URI uri) throws Exception {
            RawWebSocket raw = new RawWebSocket();
            raw.socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("xmpp").buildAsync(uri, raw).get(10, TimeUnit.SECONDS);
            return raw;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        void send(String frame) throws Exception {
            socket.sendText(frame, true).get(10, TimeUnit.SECONDS);
        }

        Element next() throws Exception {
            String m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) throw new AssertionError("nothing came from the server");
            return XmlStreams.parseElement(m);
        }

        /** Sends {@code <open/>} and reads the server's {@code <open/>} and features. */
        Element opened() throws Exception {
            send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            Element open = next();
            assertEquals("open", open.name());
            assertEquals(WebSocketCarrier.FRAMING_NS, open.namespace());
            assertEquals("localhost", open.attr("from"));
            return next();
        }

        /** SASL PLAIN and the stream opened again: the features after authentication. */
        Element loggedIn(String user, String password) throws Exception {
            opened();
            String plain = java.util.Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
            Element success = next();
            assertEquals("success", success.name(), success.toXml());
            return opened();
        }

        /** The next message, past anything else (the server's requests for acknowledgement). */
        Element nextMessage() throws Exception {
            for (Element e = next(); ; e = next()) if (e.name().equals("message")) return e;
        }

        /** The stream error the server sent, then its {@code <close/>}. */
        Element streamError() throws Exception {
            Element error = next();
            assertEquals("error", error.name());
            Element close = next();
            assertEquals("close", close.name());
            return error;
        }
    }

    @Test
    void theServerAnswersOpenWithOpenAndFeaturesWithoutStartTls() throws Exception {
        RawWebSocket ws = RawWebSocket.open();
        Element features = ws.opened();
        assertEquals("features", features.name());
        assertTrue(features.child("starttls", Connection.TLS_NS).isEmpty(), "no STARTTLS: TLS is the HTTP service's");
        assertTrue(RawClientTest.mechanisms(features).contains("PLAIN"));
        ws.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        assertEquals("close", ws.next().name());
        assertEquals(1000, ws.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void malformedXmlInAFrameEndsTheStreamWithNotWellFormed() throws Exception {
        RawWebSocket ws = RawWebSocket.open();
        ws.opened();
        ws.send("<message xmlns='jabber:client'><body>unclosed</message>");
        assertTrue(ws.streamError().child("not-well-formed", STREAMS_ERRORS).isPresent());
        assertEquals(1000, ws.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aFrameOverTheStanzaLimitEndsTheStreamWithPolicyViolation() throws Exception {
        RawWebSocket ws = RawWebSocket.open();
        ws.opened();
        ws.send("<message xmlns='jabber:client'><body>" + "x".repeat(300_000) + "</body></message>");
        assertTrue(ws.streamError().child("policy-violation", STREAMS_ERRORS).isPresent());
    }

    /**
     * Sent in fragments, each of which the server reads whole, and none after the one that takes
     * the message over Jetty's limit (twice the stanza limit): a single frame of a megabyte was
     * still being sent when the server closed, and the client's connection could then be reset
     * before it read the close frame (-1 for 1009 under load).
     */
    @Test
    void aMessageFarOverTheLimitIsCutOffByTheWebSocketItself() throws Exception {
        RawWebSocket ws = RawWebSocket.open();
        ws.opened();
        long limit = 2L * TestServer.settings().maxStanzaBytes();
        String start = "<message xmlns='jabber:client'><body>";
        String fragment = "x".repeat(16_384);
        try {
            ws.socket.sendText(start, false).get(10, TimeUnit.SECONDS);
            for (long sent = start.length(); sent <= limit; sent += fragment.length()) ws.socket.sendText(fragment, false).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException sendFailed) {
            // the server may close as the last fragment goes
        }
        assertEquals(1009, ws.closed.get(10, TimeUnit.SECONDS), "RFC 6455: message too big");
    }

    @Test
    void theListenersConnectionLimitCountsWebSocketsAndRefusesOneTooMany() throws Exception {
        RawWebSocket first = RawWebSocket.open(oneAtATime);   // max.connections 1
        first.opened();
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> RawWebSocket.open(oneAtATime));
        assertTrue(String.valueOf(refused.getCause().getCause()).contains("503"), String.valueOf(refused.getCause()));
        first.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        assertEquals("close", first.next().name());
    }

    @Test
    void aRequestWithoutTheXmppSubprotocolOrUpgradeIsRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> http.newWebSocketBuilder().buildAsync(endpoint, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS));
        assertNotNull(refused.getCause());
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(URI.create(endpoint.toString().replaceFirst("^ws", "http"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, plain.statusCode());
    }

    /*
     * Smack's WebSocket connection is a modular one, and its stream management module (smack-streammanagement
     * 4.5.0-beta5) throws "SM not implemented" and "Stream resumption not implemented": so a raw client.
     */
    @Test
    void aWebSocketSessionLostIsResumedOverANewWebSocketAndGetsWhatItDidNotAcknowledge() throws Exception {
        String sm = "urn:xmpp:sm:3";
        XMPPTCPConnection juliet = SmackClientTest.connect(server, tcpPort, "juliet", "wherefore", "balcony", "PLAIN");
        try {
            RawWebSocket phone = RawWebSocket.open();
            assertTrue(phone.loggedIn("romeo", "pencil").child("sm", sm).isPresent(), "offered after authentication");
            phone.send("<iq xmlns='jabber:client' type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>ws-phone</resource></bind></iq>");
            assertEquals("result", phone.next().attr("type"));
            phone.send("<enable xmlns='" + sm + "' resume='true'/>");
            Element enabled = phone.next();
            assertEquals("enabled", enabled.name(), enabled.toXml());
            String id = enabled.attr("id");
            org.jxmpp.jid.Jid romeo = org.jxmpp.jid.impl.JidCreate.from("romeo@localhost/ws-phone");
            juliet.sendStanza(juliet.getStanzaFactory().buildMessageStanza().to(romeo).setBody("m1").build());
            assertEquals("m1", phone.nextMessage().child("body").orElseThrow().text());
            phone.send("<a xmlns='" + sm + "' h='1'/>");
            juliet.sendStanza(juliet.getStanzaFactory().buildMessageStanza().to(romeo).setBody("m2").build());
            assertEquals("m2", phone.nextMessage().child("body").orElseThrow().text());
            phone.socket.abort();   // no <close/>: the browser tab lost its network
            juliet.sendStanza(juliet.getStanzaFactory().buildMessageStanza().to(romeo).setBody("m3").build());

            RawWebSocket again = RawWebSocket.open();
            again.loggedIn("romeo", "pencil");
            again.send("<resume xmlns='" + sm + "' previd='" + id + "' h='1'/>");
            Element resumed = again.next();
            assertEquals("resumed", resumed.name(), resumed.toXml());
            assertEquals("0", resumed.attr("h"), "the phone sent no stanza");
            assertEquals("m2", again.nextMessage().child("body").orElseThrow().text(), "unacknowledged, so sent again");
            assertEquals("m3", again.nextMessage().child("body").orElseThrow().text(), "sent while the phone was away");
            juliet.sendStanza(juliet.getStanzaFactory().buildMessageStanza().to(romeo).setBody("m4").build());
            assertEquals("m4", again.nextMessage().child("body").orElseThrow().text(), "and the session goes on");
            again.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        } finally {
            juliet.disconnect();
        }
    }
}
