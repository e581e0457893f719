package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.bosh.BOSHConfiguration;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;
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
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/**
 * Browser-style clients of the exported server, as shipped (etc/xmpp.c2s.websocket.cfg, etc/xmpp.c2s.bosh.cfg),
 * over the HTTP service's plain loopback port: Smack over WebSocket (RFC 7395) and over BOSH (XEP-0206)
 * exchange messages and presence with a Smack TCP client; host-meta (XEP-0156) lists both endpoints.
 * Over the HTTPS port, with the server's certificate for the domain: a WebSocket and a BOSH client as
 * a browser's, raw, since Smack cannot be told whom to trust there (its Java 11 WebSocket uses one
 * static HttpClient with the JVM's default SSL context, and smack-bosh hands jbosh no SSL context).
 */
public class WebClientsIT {

    private static ServerProcess server;

    @BeforeClass
    public static void start() throws Exception {
        server = new ServerProcess().started();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static String base() {
        return "http://127.0.0.1:" + server.httpPort;
    }

    private static ModularXmppClientToServerConnection overWebSocket(String user, String resource) throws Exception {
        SmackConfiguration.DEBUG = false;
        ModularXmppClientToServerConnectionConfiguration.Builder config = ModularXmppClientToServerConnectionConfiguration.builder()
                .setXmppDomain("localhost").setUsernameAndPassword(user, "pw").setResource(resource)
                .setSecurityMode(SecurityMode.disabled);   // plain ws:// on loopback; wss:// is the HTTPS port's
        config.removeAllModules();
        config.addModule(XmppWebSocketTransportModuleDescriptor.getBuilder(config)
                .explicitlySetWebSocketEndpointAndDiscovery(URI.create(base().replaceFirst("^http", "ws") + "/xmpp-websocket"), false).build());
        ModularXmppClientToServerConnection c = new ModularXmppClientToServerConnection(config.build());
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        c.connect();
        c.login();
        return c;
    }

    private static XMPPBOSHConnection overBosh(String user, String resource) throws Exception {
        SmackConfiguration.DEBUG = false;
        XMPPBOSHConnection c = new XMPPBOSHConnection(BOSHConfiguration.builder()
                .setXmppDomain("localhost").setHost("localhost").setPort(server.httpPort).setUseHttps(false).setFile("/http-bind")
                .setUsernameAndPassword(user, "pw").setResource(resource).setSecurityMode(SecurityMode.disabled).build());
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        c.connect();
        c.login();
        return c;
    }

    /** Messages both ways, and directed presence both ways, between a web client and a TCP client. */
    private static void exchange(AbstractXMPPConnection web, XMPPTCPConnection tcp) throws Exception {
        StanzaCollector atTcp = tcp.createStanzaCollector(StanzaTypeFilter.MESSAGE);
        web.sendStanza(web.getStanzaFactory().buildMessageStanza().to(tcp.getUser()).setBody("from the browser").build());
        Message m = atTcp.nextResult(10_000);
        assertNotNull("the TCP client gets the web client's message", m);
        assertEquals("from the browser", m.getBody());
        assertEquals(web.getUser(), m.getFrom());

        StanzaCollector atWeb = web.createStanzaCollector(StanzaTypeFilter.MESSAGE);
        tcp.sendStanza(tcp.getStanzaFactory().buildMessageStanza().to(web.getUser()).setBody("from the phone").build());
        Message back = atWeb.nextResult(10_000);
        assertNotNull("the web client gets the TCP client's message", back);
        assertEquals("from the phone", back.getBody());

        // Each client also gets its own initial presence back (RFC 6121 4.2.2) at a moment of its
        // own: a collector of any presence could take that one.
        StanzaCollector presenceAtWeb = web.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createFull(tcp.getUser())));
        tcp.sendStanza(tcp.getStanzaFactory().buildPresenceStanza().to(web.getUser()).setStatus("out").build());
        Presence p = presenceAtWeb.nextResult(10_000);
        assertNotNull("presence reaches the web client", p);
        assertEquals("out", p.getStatus());

        StanzaCollector presenceAtTcp = tcp.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createFull(web.getUser())));
        web.sendStanza(web.getStanzaFactory().buildPresenceStanza().to(tcp.getUser()).setStatus("in").build());
        Presence q = presenceAtTcp.nextResult(10_000);
        assertNotNull("presence from the web client reaches the TCP client", q);
        assertEquals("in", q.getStatus());
    }

    @Test
    public void smackOverWebSocketTalksWithSmackOverTcp() throws Exception {
        ModularXmppClientToServerConnection web = overWebSocket(server.newUser("ws"), "browser");
        XMPPTCPConnection tcp = server.available(server.newUser("tcp"), "phone");
        try {
            assertTrue(web.isAuthenticated());
            exchange(web, tcp);
            String sessions = server.ctl("xmpp:sessions");
            assertTrue(sessions, sessions.contains(web.getUser().toString()));
        } finally {
            web.disconnect();
            tcp.disconnect();
        }
    }

    @Test
    public void smackOverBoshTalksWithSmackOverTcp() throws Exception {
        XMPPBOSHConnection web = overBosh(server.newUser("bosh"), "browser");
        XMPPTCPConnection tcp = server.available(server.newUser("tcp"), "phone");
        try {
            assertTrue(web.isAuthenticated());
            exchange(web, tcp);
        } finally {
            web.disconnect();
            tcp.disconnect();
        }
    }

    @Test
    public void hostMetaListsTheWebSocketAndBoshEndpoints() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/.well-known/host-meta.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"rel\":\"urn:xmpp:alt-connections:websocket\",\"href\":\"ws://127.0.0.1:" + server.httpPort + "/xmpp-websocket\""));
        assertTrue(r.body(), r.body().contains("\"rel\":\"urn:xmpp:alt-connections:xbosh\",\"href\":\"http://127.0.0.1:" + server.httpPort + "/http-bind\""));
    }

    private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    private static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    private static final String HTTPBIND = "http://jabber.org/protocol/httpbind";

    private static HttpClient overHttps() throws Exception {
        return HttpClient.newBuilder().sslContext(HttpUploadIT.trusting(server.home.resolve("data/certs/localhost.crt"))).build();
    }

    private static String plain(String user) {
        return java.util.Base64.getEncoder().encodeToString(("\0" + user + "\0pw").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The first message element among these, or null. */
    private static Element message(java.util.List<Element> elements) {
        return elements.stream().filter(e -> e.name().equals("message")).findFirst().orElse(null);
    }

    /** One text message per element, as RFC 7395 frames them. */
    private static final class Frames implements java.net.http.WebSocket.Listener {
        final java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        java.net.http.WebSocket socket;

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(String frame) throws Exception {
            socket.sendText(frame, true).get(10, java.util.concurrent.TimeUnit.SECONDS);
        }

        Element next() throws Exception {
            String frame = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            if (frame == null) throw new AssertionError("nothing came over the WebSocket");
            return XmlStreams.parseElement(frame);
        }

        /** {@code <open/>}, the server's {@code <open/>}, its features. */
        Element open() throws Exception {
            send("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>");
            assertEquals("open", next().name());
            return next();
        }
    }

    @Test
    public void aWebSocketClientOverHttpsWithTheServersCertificateTalksWithATcpClient() throws Exception {
        String user = server.newUser("wss");
        XMPPTCPConnection tcp = server.available(server.newUser("tcp"), "phone");
        Frames ws = new Frames();
        ws.socket = overHttps().newWebSocketBuilder().subprotocols("xmpp")
                .buildAsync(URI.create("wss://localhost:" + server.httpsPort + "/xmpp-websocket"), ws).get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            assertTrue("no STARTTLS inside TLS", ws.open().child("starttls", "urn:ietf:params:xml:ns:xmpp-tls").isEmpty());
            ws.send("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + plain(user) + "</auth>");
            assertEquals("success", ws.next().name());
            ws.open();
            ws.send("<iq xmlns='jabber:client' type='set' id='b'><bind xmlns='" + BIND + "'><resource>tab</resource></bind></iq>");
            assertEquals(user + "@localhost/tab", ws.next().child("bind", BIND).orElseThrow().child("jid").orElseThrow().text());

            StanzaCollector atTcp = tcp.createStanzaCollector(StanzaTypeFilter.MESSAGE);
            ws.send("<message xmlns='jabber:client' to='" + tcp.getUser() + "' type='chat'><body>over wss</body></message>");
            Message m = atTcp.nextResult(10_000);
            assertNotNull("the TCP client gets the message sent over wss://", m);
            assertEquals("over wss", m.getBody());
            tcp.sendStanza(tcp.getStanzaFactory().buildMessageStanza().to(org.jxmpp.jid.impl.JidCreate.from(user + "@localhost/tab"))
                    .setBody("back over TCP").build());
            Element back = ws.next();
            while (!back.name().equals("message")) back = ws.next();
            assertEquals("back over TCP", back.child("body").orElseThrow().text());
            ws.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        } finally {
            tcp.disconnect();
        }
    }

    @Test
    public void aBoshClientOverHttpsWithTheServersCertificateTalksWithATcpClient() throws Exception {
        String user = server.newUser("https");
        XMPPTCPConnection tcp = server.available(server.newUser("tcp"), "phone");
        HttpClient https = overHttps();
        URI endpoint = URI.create("https://localhost:" + server.httpsPort + "/http-bind");
        java.util.function.Function<String, Element> post = body -> {
            try {
                HttpResponse<String> r = https.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "text/xml; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(r.body(), 200, r.statusCode());
                return XmlStreams.parseElement(r.body());
            } catch (Exception e) {
                throw new AssertionError("BOSH request failed: " + e, e);
            }
        };
        try {
            long[] rid = {4711};
            Element created = post.apply("<body content='text/xml; charset=utf-8' hold='1' rid='" + rid[0]++ + "' to='localhost' ver='1.6' wait='2' "
                    + "xml:lang='en' xmpp:version='1.0' xmlns='" + HTTPBIND + "' xmlns:xmpp='urn:xmpp:xbosh'/>");
            String sid = created.attr("sid");
            assertTrue(created.toXml(), created.child("features", "http://etherx.jabber.org/streams").isPresent());
            java.util.function.BiFunction<String, String, Element> send = (attributes, payload) -> post.apply(
                    "<body rid='" + rid[0]++ + "' sid='" + sid + "' xmlns='" + HTTPBIND + "'" + attributes + ">" + payload + "</body>");
            assertEquals("success", send.apply("", "<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + plain(user) + "</auth>").elements().get(0).name());
            send.apply(" to='localhost' xml:lang='en' xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh'", "");
            Element bound = send.apply("", "<iq xmlns='jabber:client' type='set' id='b'><bind xmlns='" + BIND + "'><resource>tab</resource></bind></iq>");
            assertEquals(bound.toXml(), user + "@localhost/tab", bound.elements().get(0).child("bind", BIND).orElseThrow().child("jid").orElseThrow().text());

            StanzaCollector atTcp = tcp.createStanzaCollector(StanzaTypeFilter.MESSAGE);
            Element sent = send.apply("", "<message xmlns='jabber:client' to='" + tcp.getUser() + "' type='chat'><body>over https</body></message>");
            Message m = atTcp.nextResult(10_000);
            assertNotNull("the TCP client gets the message sent over https://", m);
            assertEquals("over https", m.getBody());
            tcp.sendStanza(tcp.getStanzaFactory().buildMessageStanza().to(org.jxmpp.jid.impl.JidCreate.from(user + "@localhost/tab"))
                    .setBody("back over TCP").build());
            Element back = message(sent.elements());   // the message's request was held for wait (2 s): nothing came
            while (back == null) back = message(send.apply("", "").elements());   // each poll held until something comes
            assertEquals("back over TCP", back.child("body").orElseThrow().text());
            assertEquals("terminate", send.apply(" type='terminate'", "").attr("type"));
        } finally {
            tcp.disconnect();
        }
    }
}
