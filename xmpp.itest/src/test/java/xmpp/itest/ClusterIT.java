package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.PresenceTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bytestreams.socks5.packet.Bytestream;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * One domain on two nodes: the exported cluster distribution run twice (its own data, ports and
 * node name each), clustered over loopback, sharing one database. The database is an H2 server
 * in this JVM: it outlives the nodes the tests stop and kill, and needs nothing installed, so the
 * test runs on every machine (the store's PostgreSQL contract is tested in xmpp.storage.jdbc).
 * Romeo is on n1 all along; Juliet on n2, which is stopped cleanly and then killed. Tests run in
 * name order: each leaves n2 as the next expects it.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ClusterIT {

    private static final int MEMBER_TIMEOUT_S = 5;

    private static Server database;
    private static ServerProcess n1;
    private static ServerProcess n2;
    private static String romeoName;
    private static String julietName;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.manual);
        Path data = Files.createTempDirectory("xmpp-cluster-db");
        database = Server.createTcpServer("-tcpPort", String.valueOf(ServerProcess.freePort()), "-baseDir", data.toString(), "-ifNotExists").start();
        int port1 = ServerProcess.freePort();
        int port2 = ServerProcess.freePort();
        String members = "127.0.0.1:" + port1 + ",127.0.0.1:" + port2;
        n1 = node("n1", port1, members).started();
        n2 = node("n2", port2, members).started();
        eventually(() -> n1.ctl("xmpp:cluster"), out -> out.contains("2 members"));
        romeoName = n1.newUser("romeo");
        julietName = n2.newUser("juliet");
    }

    private static ServerProcess node(String name, int clusterPort, String members) throws Exception {
        ServerProcess node = new ServerProcess().distribution("cluster.jar");
        node.configure("xmpp.server.cfg", "node", name);
        node.configure("xmpp.cluster.cfg", "port", String.valueOf(clusterPort));
        node.configure("xmpp.cluster.cfg", "members", members);
        node.configure("xmpp.cluster.cfg", "member.timeout.s", String.valueOf(MEMBER_TIMEOUT_S));
        node.configure("xmpp.storage.jdbc.cfg", "url", "jdbc:h2:tcp://127.0.0.1:" + database.getPort() + "/xmpp");
        return node;
    }

    @AfterClass
    public static void stop() throws Exception {
        if (n2 != null) n2.close();
        if (n1 != null) n1.close();
        if (database != null) database.stop();
    }

    @After
    public void disconnect() {
        for (XMPPTCPConnection c : open) if (c.isConnected()) c.disconnect();
    }

    private XMPPTCPConnection login(ServerProcess node, String user, String resource) throws Exception {
        XMPPTCPConnection c = node.available(user, resource);
        c.setReplyTimeout(30_000);
        open.add(c);
        return c;
    }

    private static BareJid bare(String user) throws Exception {
        return JidCreate.bareFrom(user + "@localhost");
    }

    private static Message received(XMPPTCPConnection c, Jid from, ThrowingRunnable send) throws Exception {
        try (StanzaCollector messages = c.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE, FromMatchesFilter.createBare(from)))) {
            send.run();
            Message m = messages.nextResult(30_000);
            assertNotNull("no message from " + from, m);
            return m;
        }
    }

    private static void chat(XMPPTCPConnection from, Jid to, String body) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat).setBody(body).build());
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    public void a_messagesCrossTheNodesToFullAndBareJids() throws Exception {
        XMPPTCPConnection romeo = login(n1, romeoName, "orchard");
        XMPPTCPConnection juliet = login(n2, julietName, "balcony");
        EntityFullJid julietFull = juliet.getUser();
        assertEquals("to her full JID", received(juliet, bare(romeoName), () -> chat(romeo, julietFull, "to her full JID")).getBody());
        assertEquals("to her bare JID", received(juliet, bare(romeoName), () -> chat(romeo, bare(julietName), "to her bare JID")).getBody());
        assertEquals("and back", received(romeo, bare(julietName), () -> chat(juliet, bare(romeoName), "and back")).getBody());
        String cluster = n2.ctl("xmpp:cluster");
        assertTrue(cluster, cluster.lines().anyMatch(l -> l.contains(" n1 ") && l.matches(".*\\s1\\s.*")));
        assertTrue(cluster, cluster.lines().anyMatch(l -> l.startsWith("*") && l.contains(" n2 ")));
        String routes = n1.ctl("xmpp:routes");   // each node's chat rooms, in the one global route table
        assertTrue(routes, routes.lines().anyMatch(l -> l.contains("conference.localhost") && l.contains("n1") && l.contains("n2")));
        assertTrue(routes, routes.contains("local routes (this node, n1)"));
        String sessions = n2.ctl("xmpp:sessions");   // n1's session too, with its node
        assertTrue(sessions, sessions.lines().anyMatch(l -> l.startsWith(romeo.getUser() + " ") && l.contains(" n1 ")));
        String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n1.httpPort + "/system/console/xmpp"))
                .header("Authorization", WebConsoleIT.basic(WebConsoleIT.ADMIN, WebConsoleIT.ADMIN_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue("the web console lists the members: " + page, page.contains("Cluster members") && page.contains(" n2 "));
    }

    /** A component only n2 has (n1's proxy stopped), asked by a user on n1: the global route table. */
    @Test
    public void ab_anIqToAComponentOnlyTheOtherNodeHasIsAnsweredFromThere() throws Exception {
        XMPPTCPConnection romeo = login(n1, romeoName, "orchard");
        long proxy = n1.bundleId("xmpp.mod.proxy65");
        n1.ctl("stop " + proxy);
        try {
            eventually(() -> n1.ctl("xmpp:routes"), out -> out.lines().anyMatch(l -> l.strip().equals("proxy.localhost  on n2")));
            Bytestream query = new Bytestream();
            query.setTo(JidCreate.domainBareFrom("proxy.localhost"));
            query.setType(IQ.Type.get);
            Bytestream answer = romeo.sendIqRequestAndWaitForResponse(query);
            assertEquals("n2's proxy answers", "proxy.localhost", answer.getStreamHosts().get(0).getJID().toString());
        } finally {
            n1.ctl("start " + proxy);
        }
    }

    @Test
    public void b_presenceAndSubscriptionsCrossTheNodes() throws Exception {
        XMPPTCPConnection romeo = login(n1, romeoName, "orchard");
        XMPPTCPConnection juliet = login(n2, julietName, "balcony");
        subscribe(romeo, juliet);
        subscribe(juliet, romeo);
        Roster romeoRoster = Roster.getInstanceFor(romeo);
        juliet.sendStanza(juliet.getStanzaFactory().buildPresenceStanza().setStatus("on the balcony").build());
        eventually(() -> romeoRoster.getPresence(bare(julietName)).getStatus(), "on the balcony"::equals);
    }

    /**
     * The order b_ avoided: juliet is online on n2 before romeo logs in on n1, so n1 answers
     * romeo's probe for a session it does not hold; and romeo's second resource, on n2, learns of
     * his first on n1 (RFC 6121 sections 4.3.2 and 4.4.2).
     */
    @Test
    public void ba_aContactWhoLogsInLaterOnTheOtherNodeSeesThePresenceOfSessionsThere() throws Exception {
        XMPPTCPConnection juliet = login(n2, julietName, "balcony");
        presenceFrom(juliet, juliet.getUser(), () -> juliet.sendStanza(juliet.getStanzaFactory().buildPresenceStanza().setStatus("already there").build()));

        XMPPTCPConnection romeo = n1.connect("localhost", romeoName, "pw", "orchard", "SCRAM-SHA-1");
        open.add(romeo);
        Presence answer = presenceFrom(romeo, juliet.getUser(), () -> romeo.sendStanza(romeo.getStanzaFactory().buildPresenceStanza().build()));
        assertEquals("n1 answers the probe with juliet's presence on n2", "already there", answer.getStatus());

        XMPPTCPConnection garden = n2.connect("localhost", romeoName, "pw", "garden", "SCRAM-SHA-1");
        open.add(garden);
        Presence orchard = presenceFrom(garden, romeo.getUser(), () -> garden.sendStanza(garden.getStanzaFactory().buildPresenceStanza().build()));
        assertTrue("his resource on n1 is available to his new one on n2", orchard.isAvailable());
    }

    private static Presence presenceFrom(XMPPTCPConnection c, Jid from, ThrowingRunnable send) throws Exception {
        try (StanzaCollector presences = c.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createFull(from)))) {
            send.run();
            Presence p = presences.nextResult(30_000);
            assertNotNull("no presence from " + from, p);
            return p;
        }
    }

    /** {@code from} asks to see {@code to}'s presence and {@code to} approves (RFC 6121 section 3.1). */
    private static void subscribe(XMPPTCPConnection from, XMPPTCPConnection to) throws Exception {
        try (StanzaCollector requests = to.createStanzaCollector(new AndFilter(PresenceTypeFilter.SUBSCRIBE, FromMatchesFilter.createBare(from.getUser().asBareJid())))) {
            Roster roster = Roster.getInstanceFor(from);
            if (!roster.isLoaded()) roster.reloadAndWait();
            roster.createItemAndRequestSubscription(to.getUser().asBareJid(), "contact", null);
            Presence request = (Presence) requests.nextResult(30_000);
            assertNotNull("the subscription request crosses the nodes", request);
        }
        to.sendStanza(to.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.subscribed).to(from.getUser().asBareJid()).build());
    }

    @Test
    public void c_aNodeStoppedCleanlyTakesItsUsersAwayAndTheirMessagesWaitOffline() throws Exception {
        XMPPTCPConnection romeo = login(n1, romeoName, "orchard");
        login(n2, julietName, "balcony");
        Roster romeoRoster = Roster.getInstanceFor(romeo);
        if (!romeoRoster.isLoaded()) romeoRoster.reloadAndWait();
        eventually(() -> romeoRoster.getPresence(bare(julietName)).isAvailable(), yes -> yes);

        n2.stop();   // SIGTERM
        eventually(() -> romeoRoster.getPresence(bare(julietName)).isAvailable(), available -> !available);
        eventually(() -> n1.ctl("xmpp:cluster"), out -> out.contains("1 member"));
        chat(romeo, bare(julietName), "while you were away");

        n2.started();
        XMPPTCPConnection juliet = n2.connect("localhost", julietName, "pw", "balcony", "SCRAM-SHA-1");
        open.add(juliet);
        Message offline = received(juliet, bare(romeoName), () -> juliet.sendStanza(juliet.getStanzaFactory().buildPresenceStanza().build()));
        assertEquals("stored by n1 in the shared database, delivered by n2", "while you were away", offline.getBody());
        eventually(() -> n1.ctl("xmpp:cluster"), out -> out.contains("2 members"));
    }

    @Test
    public void d_aKilledNodesUsersGoUnavailableOnTheOtherAndTheirMessagesWaitOffline() throws Exception {
        XMPPTCPConnection romeo = login(n1, romeoName, "orchard");
        XMPPTCPConnection juliet = login(n2, julietName, "balcony");
        EntityFullJid julietFull = juliet.getUser();
        Roster romeoRoster = Roster.getInstanceFor(romeo);
        if (!romeoRoster.isLoaded()) romeoRoster.reloadAndWait();
        eventually(() -> romeoRoster.getPresence(bare(julietName)).isAvailable(), yes -> yes);

        n2.process().destroyForcibly();   // SIGKILL: no goodbye from n2, n1 notices the missing heartbeats
        assertTrue(n2.process().waitFor(30, TimeUnit.SECONDS));
        eventually(() -> romeoRoster.getPresence(bare(julietName)).isAvailable(), available -> !available);
        String sessions = n1.ctl("xmpp:cluster");
        assertTrue(sessions, sessions.contains("1 member"));
        chat(romeo, julietFull, "are you there?");   // a chat to her gone resource: to the account, offline

        n2.started();
        XMPPTCPConnection back = n2.connect("localhost", julietName, "pw", "balcony", "SCRAM-SHA-1");
        open.add(back);
        Message offline = received(back, bare(romeoName), () -> back.sendStanza(back.getStanzaFactory().buildPresenceStanza().build()));
        assertEquals("are you there?", offline.getBody());
    }
}
