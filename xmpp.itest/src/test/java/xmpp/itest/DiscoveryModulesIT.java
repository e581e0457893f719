package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.SimpleIQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.caps.EntityCapsManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.iqlast.LastActivityManager;
import org.jivesoftware.smackx.iqlast.packet.LastActivity;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.jivesoftware.smackx.time.EntityTimeManager;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.After;
import org.junit.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The service modules of the default server with Smack's own managers: discovery (XEP-0030, with
 * XEP-0115 caps in the stream features, which Smack verifies), version, time and last activity;
 * their error cases; and each bundle stopped and started from the shell: its namespace leaves
 * the server's disco#info and its requests answer service-unavailable, then both come back.
 */
public class DiscoveryModulesIT {

    private static final String INFO = "http://jabber.org/protocol/disco#info";
    private static final String ITEMS = "http://jabber.org/protocol/disco#items";

    private ServerProcess server;

    @After
    public void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    public void discoVersionTimeAndLastAnswerAndComeAndGoWithTheirBundles() throws Exception {
        server = new ServerProcess();
        server.started();
        EntityCapsManager.clearMemoryCache();
        for (String user : List.of("romeo", "juliet")) assertEquals("created " + user + "@localhost", server.ctl("xmpp:users add " + user + "@localhost pw").strip());
        DomainBareJid localhost = JidCreate.domainBareFrom("localhost");
        BareJid julietJid = JidCreate.bareFrom("juliet@localhost");

        XMPPTCPConnection admin = server.connect("localhost", "admin", "admin-secret", "desk", "SCRAM-SHA-1");
        XMPPTCPConnection romeo = server.connect("localhost", "romeo", "pw", "orchard", "SCRAM-SHA-1");
        XMPPTCPConnection juliet = server.connect("localhost", "juliet", "pw", "balcony", "SCRAM-SHA-1");

        // disco#info of the server: its identity, and the features of the modules running now
        DiscoverInfo info = info(admin, localhost);
        assertTrue(info.toXML().toString(), info.hasIdentity("server", "im"));
        for (String ns : List.of(INFO, ITEMS, "jabber:iq:version", "urn:xmpp:time", "jabber:iq:last"))
            assertTrue(ns + " in " + info.toXML(), info.containsFeature(ns));
        assertFalse("no module offers cputime here", info.containsFeature("ejabberd:cputime"));
        assertFalse("the roster is an account's feature, not the server's", info.containsFeature("jabber:iq:roster"));

        // XEP-0115: the stream features carried the server's caps, and Smack, asking for their
        // node, got an answer whose hash it verified (it caches only verified answers)
        assertNotNull("caps in the stream features", EntityCapsManager.getNodeVerHashByJid(localhost));
        assertTrue(ServiceDiscoveryManager.getInstanceFor(admin).discoverInfo(localhost).containsFeature("urn:xmpp:time"));
        assertNotNull("Smack verified the caps hash", EntityCapsManager.getDiscoverInfoByUser(localhost));

        // disco#items: components appear with their bundle; the default server has its chat service,
        // its file-transfer proxy, its pubsub service, whose disco#info carry the features they declare, and file upload
        List<String> shipped = List.of("conference.localhost", "proxy.localhost", "pubsub.localhost", "upload.localhost");
        assertEquals(shipped, itemJids(admin, localhost));
        DiscoverInfo pubsubInfo = info(admin, JidCreate.domainBareFrom("pubsub.localhost"));
        assertTrue(pubsubInfo.toXML().toString(), pubsubInfo.hasIdentity("pubsub", "service") && pubsubInfo.containsFeature("http://jabber.org/protocol/pubsub"));
        DiscoverInfo proxyInfo = info(admin, JidCreate.domainBareFrom("proxy.localhost"));
        assertTrue(proxyInfo.toXML().toString(), proxyInfo.hasIdentity("proxy", "bytestreams") && proxyInfo.containsFeature("http://jabber.org/protocol/bytestreams"));
        Path echo = server.deploy("xmpp.mod.echo");
        eventually(() -> itemJids(admin, localhost), jids -> jids.contains("echo.localhost"));
        DiscoverInfo echoInfo = info(admin, JidCreate.domainBareFrom("echo.localhost"));
        assertTrue("answered for echo, which knows no discovery: " + echoInfo.toXML(), echoInfo.hasIdentity("component", "generic"));
        Files.delete(echo);
        eventually(() -> itemJids(admin, localhost), shipped::equals);

        // version, time, last activity of the server, through Smack's managers
        Version version = VersionManager.getInstanceFor(admin).getVersion(localhost);
        assertEquals("xmpp.server", version.getName());
        assertTrue(version.getVersion(), version.getVersion().startsWith("0."));
        assertNotNull("the OS is shown by default", version.getOs());
        Instant serverTime = EntityTimeManager.getInstanceFor(admin).getTime(localhost).getTime().toInstant();
        assertTrue(serverTime + " is the server's clock, which is ours",
                Duration.between(serverTime, Instant.now()).abs().compareTo(Duration.ofMinutes(5)) < 0);
        assertTrue("uptime in seconds", LastActivityManager.getInstanceFor(admin).getLastActivity(localhost).getIdleTime() >= 0);

        // options from etc/, applied live: the OS hidden, XEP-0157 contact addresses as extended info
        Files.writeString(server.home.resolve("etc/xmpp.mod.version-default.cfg"), "xmpp.host=*\nhide.os=true\n");
        eventually(() -> VersionManager.getInstanceFor(admin).getVersion(localhost).getOs() == null, hidden -> hidden);
        Files.writeString(server.home.resolve("etc/xmpp.mod.disco-default.cfg"),
                "xmpp.host=*\nabuse.addresses=mailto:abuse@localhost\nsupport.addresses=xmpp:support@localhost,https://localhost/help\n");
        DataForm serverinfo = eventually(() -> info(admin, localhost).getExtension(DataForm.class), form -> form != null);
        assertEquals("http://jabber.org/network/serverinfo", serverinfo.getFormType());
        assertEquals(List.of("mailto:abuse@localhost"), serverinfo.getField("abuse-addresses").getValuesAsString());
        assertEquals(List.of("xmpp:support@localhost", "https://localhost/help"), serverinfo.getField("support-addresses").getValuesAsString());

        // error cases: wrong type, wrong target, an unknown node
        assertEquals("not-allowed", errorOf(admin, IQ.Type.set, localhost, "query", "jabber:iq:version"));
        assertEquals("not-allowed", errorOf(admin, IQ.Type.set, localhost, "time", "urn:xmpp:time"));
        assertEquals("not-allowed", errorOf(admin, IQ.Type.set, localhost, "query", INFO));
        assertEquals("the server's time is not a user's", "service-unavailable", errorOf(romeo, IQ.Type.get, julietJid, "time", "urn:xmpp:time"));
        DiscoverInfo nodeQuery = DiscoverInfo.builder("node1").to(localhost).ofType(IQ.Type.get).setNode("urn:no:such:node").build();
        assertEquals("item-not-found", condition(assertThrowsError(() -> admin.sendIqRequestAndWaitForResponse(nodeQuery))));

        // a user's bare JID: nobody but her and her subscribers learns anything
        assertEquals("service-unavailable", errorOf(romeo, IQ.Type.get, julietJid, "query", INFO));
        assertEquals("forbidden", errorOf(romeo, IQ.Type.get, julietJid, "query", "jabber:iq:last"));
        assertTrue("she may ask about herself", info(juliet, julietJid).hasIdentity("account", "registered"));
        romeo.sendStanza(romeo.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.subscribe).to(julietJid).build());
        juliet.sendStanza(juliet.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.subscribed)
                .to(JidCreate.bareFrom("romeo@localhost")).build());
        eventually(() -> lastSeconds(romeo, julietJid), "0"::equals);   // subscribed now, and she is online
        DiscoverInfo account = info(romeo, julietJid);
        assertTrue(account.toXML().toString(), account.hasIdentity("account", "registered"));
        assertTrue(account.toXML().toString(), account.containsFeature("jabber:iq:last"));
        assertTrue(account.toXML().toString(), account.containsFeature("jabber:iq:roster"));
        assertFalse("a server feature is not an account's", account.containsFeature("urn:xmpp:time"));
        assertTrue(items(romeo, julietJid).getItems().isEmpty());
        assertEquals("admin is no subscriber", "service-unavailable", errorOf(admin, IQ.Type.get, julietJid, "query", INFO));

        // her logout, with its status, for her subscriber
        juliet.disconnect(juliet.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.unavailable).setStatus("gone to Mantua").build());
        LastActivity last = eventually(() -> LastActivityManager.getInstanceFor(romeo).getLastActivity(julietJid),
                l -> "gone to Mantua".equals(l.getStatusMessage()));
        assertTrue(last.getIdleTime() >= 0);
        assertEquals("forbidden", errorOf(admin, IQ.Type.get, julietJid, "query", "jabber:iq:last"));

        // each module's bundle stopped: its namespace leaves disco and its requests answer
        // service-unavailable; started again: both come back
        comesAndGoes(admin, "xmpp.mod.version", "query", "jabber:iq:version");
        comesAndGoes(admin, "xmpp.mod.time", "time", "urn:xmpp:time");
        comesAndGoes(admin, "xmpp.mod.last", "query", "jabber:iq:last");
        long disco = server.bundleId("xmpp.mod.disco");
        server.ctl("stop " + disco);
        eventually(() -> errorOf(admin, IQ.Type.get, localhost, "query", INFO), "service-unavailable"::equals);
        server.ctl("start " + disco);
        eventually(() -> info(admin, localhost).containsFeature("jabber:iq:version"), yes -> yes);
        assertTrue("the client kept its session through all of it", admin.isAuthenticated());
    }

    private void comesAndGoes(XMPPTCPConnection c, String bundle, String element, String namespace) throws Exception {
        DomainBareJid localhost = JidCreate.domainBareFrom("localhost");
        long id = server.bundleId(bundle);
        server.ctl("stop " + id);
        eventually(() -> info(c, localhost).containsFeature(namespace), no -> !no);
        assertEquals(namespace, "service-unavailable", errorOf(c, IQ.Type.get, localhost, element, namespace));
        server.ctl("start " + id);
        eventually(() -> info(c, localhost).containsFeature(namespace), yes -> yes);
        assertEquals(namespace, "result", errorOf(c, IQ.Type.get, localhost, element, namespace));
    }

    /** A disco#info request of our own: Smack's manager would answer from its caps cache. */
    private static DiscoverInfo info(XMPPTCPConnection c, Jid to) throws Exception {
        return c.sendIqRequestAndWaitForResponse(DiscoverInfo.builder("i" + System.nanoTime()).to(to).ofType(IQ.Type.get).build());
    }

    private static List<String> itemJids(XMPPTCPConnection c, Jid to) throws Exception {
        return items(c, to).getItems().stream().map(i -> i.getEntityID().toString()).sorted().toList();
    }

    private static DiscoverItems items(XMPPTCPConnection c, Jid to) throws Exception {
        DiscoverItems request = new DiscoverItems();
        request.setTo(to);
        return c.sendIqRequestAndWaitForResponse(request);
    }

    private static String lastSeconds(XMPPTCPConnection c, Jid to) throws Exception {
        try {
            return Long.toString(LastActivityManager.getInstanceFor(c).getLastActivity(to).getIdleTime());
        } catch (XMPPException.XMPPErrorException e) {
            return condition(e);
        }
    }

    /** The error condition of a request with an empty {@code <element xmlns='namespace'/>}, or "result". */
    private static String errorOf(XMPPTCPConnection c, IQ.Type type, Jid to, String element, String namespace) throws Exception {
        SimpleIQ iq = new SimpleIQ(element, namespace) {
        };
        iq.setType(type);
        iq.setTo(to);
        try {
            c.sendIqRequestAndWaitForResponse(iq);
            return "result";
        } catch (XMPPException.XMPPErrorException e) {
            return condition(e);
        }
    }

    private static XMPPException.XMPPErrorException assertThrowsError(org.junit.function.ThrowingRunnable request) {
        return org.junit.Assert.assertThrows(XMPPException.XMPPErrorException.class, request);
    }

    private static String condition(XMPPException.XMPPErrorException e) {
        return e.getStanzaError().getCondition().toString().replace('_', '-');
    }
}
