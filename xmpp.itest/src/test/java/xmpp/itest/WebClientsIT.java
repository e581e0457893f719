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
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Browser-style clients of the exported server, as shipped (etc/xmpp.c2s.websocket.cfg, etc/xmpp.c2s.bosh.cfg),
 * over the HTTP service's plain loopback port: Smack over WebSocket (RFC 7395) and over BOSH (XEP-0206)
 * exchange messages and presence with a Smack TCP client; host-meta (XEP-0156) lists both endpoints.
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

        StanzaCollector presenceAtWeb = web.createStanzaCollector(StanzaTypeFilter.PRESENCE);
        tcp.sendStanza(tcp.getStanzaFactory().buildPresenceStanza().to(web.getUser()).setStatus("out").build());
        Presence p = presenceAtWeb.nextResult(10_000);
        assertNotNull("presence reaches the web client", p);
        assertEquals("out", p.getStatus());

        StanzaCollector presenceAtTcp = tcp.createStanzaCollector(StanzaTypeFilter.PRESENCE);
        web.sendStanza(web.getStanzaFactory().buildPresenceStanza().to(tcp.getUser()).setStatus("in").build());
        Presence q = presenceAtTcp.nextResult(10_000);
        assertNotNull("presence reaches the TCP client", q);
        assertEquals(web.getUser(), q.getFrom());
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
}
