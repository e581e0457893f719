package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.Chats.chat;
import static xmpp.itest.Chats.received;
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
import java.util.stream.Stream;
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
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * One domain on three nodes: the exported cluster distribution run three times (its own data,
 * ports and node name each), clustered over loopback, sharing one database: PostgreSQL where
 * {@code XMPP_TEST_PG_URL} names a server (bin/test, CI), else an H2 server in this JVM
 * ({@link ClusterDatabase}). Romeo is on n1 all along; Juliet on n2, which is stopped cleanly and
 * restarted, then has its Hazelcast member restarted; the nurse on n3, which is killed and
 * restarted. Tests run in name order: each leaves the nodes as the next expects them.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ClusterIT {

    private static final int MEMBER_TIMEOUT_S = 5;

    private static ClusterNodes cluster;
    private static ClusterDatabase database;
    private static ServerProcess n1;
    private static ServerProcess n2;
    private static ServerProcess n3;
    private static String romeoName;
    private static String julietName;
    private static String nurseName;
    @Rule
    public final OpenConnections open = new OpenConnections();

    @BeforeClass
    public static void start() throws Exception {
        Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.manual);
        cluster = new ClusterNodes("localhost", 3, MEMBER_TIMEOUT_S);
        database = cluster.database();
        n1 = cluster.node(0);
        n2 = cluster.node(1);
        n3 = cluster.node(2);
        for (ServerProcess n : List.of(n1, n2, n3)) n.launch();   // together, as an operator's three machines would
        for (ServerProcess n : List.of(n1, n2, n3)) n.awaitOutput("XMPP server started in", 120);
        eventually(() -> n1.ctl("xmpp:cluster"), out -> out.contains("3 members"));
        romeoName = n1.newUser("romeo");
        julietName = n2.newUser("juliet");
        nurseName = n3.newUser("nurse");
    }

    @AfterClass
    public static void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    private XMPPTCPConnection login(ServerProcess node, String user, String resource) throws Exception {
        return open.available(node, user, resource);
    }

    private static BareJid bare(String user) throws Exception {
        return JidCreate.bareFrom(user + "@localhost");
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
            eventually(() -> n1.ctl("xmpp:routes"), out -> out.lines().map(String::strip).anyMatch(l -> l.startsWith("proxy.localhost  on ") && !l.contains("n1") && l.contains("n2") && l.contains("n3")));
            Bytestream query = new Bytestream();
            query.setTo(JidCreate.domainBareFrom("proxy.localhost"));
            query.setType(IQ.Type.get);
            Bytestream answer = romeo.sendIqRequestAndWaitForResponse(query);
            assertEquals("n2's or n3's proxy answers", "proxy.localhost", answer.getStreamHosts().get(0).getJID().toString());
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
        // her own presence reflected to her: recorded in the shared table (her login's presence, without a status, may come back first)
        try (StanzaCollector own = juliet.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createFull(juliet.getUser())))) {
            juliet.sendStanza(juliet.getStanzaFactory().buildPresenceStanza().setStatus("already there").build());
            Presence p;
            do {
                p = own.nextResult(30_000);
                assertNotNull("juliet's presence never came back to her", p);
            } while (!"already there".equals(p.getStatus()));
        }

        XMPPTCPConnection romeo = n1.connect("localhost", romeoName, "pw", "orchard", "SCRAM-SHA-1");
        open.add(romeo);
        Presence answer = presenceFrom(romeo, juliet.getUser(), () -> romeo.sendStanza(romeo.getStanzaFactory().buildPresenceStanza().build()));
        assertEquals("n1 answers the probe with juliet's presence on n2", "already there", answer.getStatus());

        XMPPTCPConnection garden = n2.connect("localhost", romeoName, "pw", "garden", "SCRAM-SHA-1");
        open.add(garden);
        Presence orchard = presenceFrom(garden, romeo.getUser(), () -> garden.sendStanza(garden.getStanzaFactory().buildPresenceStanza().build()));
        assertTrue("his resource on n1 is available to his new one on n2", orchard.isAvailable());
    }

    private static Presence presenceFrom(XMPPTCPConnection c, Jid from, Chats.Action send) throws Exception {
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
        eventually(() -> n1.ctl("xmpp:cluster"), out -> out.contains("2 members"));
        chat(romeo, bare(julietName), "while you were away");
        n1.awaitOffline(julietName + "@localhost", 1);

        n2.started();
        XMPPTCPConnection juliet = open.add(n2.client("localhost", julietName, "pw", "balcony", "SCRAM-SHA-1"));
        // the initial presence Smack sends at login brings it: listening from before the login
        Message offline = received(juliet, bare(romeoName), () -> juliet.connect().login());
        assertEquals("stored by n1 in the shared database, delivered by n2", "while you were away", offline.getBody());
        eventually(() -> n1.ctl("xmpp:cluster"), out -> out.contains("3 members"));
    }


    /**
     * RFC 6121 section 8.5.2.1.1 with romeo's resources on two nodes and the sender on a third: a
     * chat to his bare JID goes to the available resource of highest priority, wherever it is; on
     * a tie to each of them (this server's policy, README "xmpp.router"); never to a negative one.
     */
    @Test
    public void bb_aMessageToABareJidGoesByPriorityAcrossTheNodes() throws Exception {
        XMPPTCPConnection orchard = login(n1, romeoName, "orchard");
        XMPPTCPConnection garden = login(n2, romeoName, "garden");
        XMPPTCPConnection nurse = login(n3, nurseName, "kitchen");

        priorities(orchard, 5, garden, 1);
        assertEquals("the higher, on n1", List.of("orchard"), receiversOfBareJidMessage(nurse, "first", orchard, garden));
        priorities(orchard, 1, garden, 5);
        assertEquals("the higher, on n2", List.of("garden"), receiversOfBareJidMessage(nurse, "swapped", orchard, garden));
        priorities(orchard, 3, garden, 3);
        assertEquals("a tie: both", List.of("orchard", "garden"), receiversOfBareJidMessage(nurse, "equal", orchard, garden));
        priorities(orchard, -1, garden, 0);
        assertEquals("never the negative one", List.of("garden"), receiversOfBareJidMessage(nurse, "negative", orchard, garden));
    }

    /** Each resource announces its priority; each has seen the other's, so the shared table holds both (it is written before the presence is routed). */
    private static void priorities(XMPPTCPConnection a, int priorityA, XMPPTCPConnection b, int priorityB) throws Exception {
        announce(a, priorityA, b);
        announce(b, priorityB, a);
    }

    private static void announce(XMPPTCPConnection from, int priority, XMPPTCPConnection otherResource) throws Exception {
        try (StanzaCollector presences = otherResource.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createFull(from.getUser())))) {
            from.sendStanza(from.getStanzaFactory().buildPresenceStanza().setPriority(priority).build());
            for (Presence p; (p = presences.nextResult(30_000)) != null; ) if (p.getPriority() == priority) return;
            throw new AssertionError(from.getUser() + "'s priority " + priority + " never reached " + otherResource.getUser());
        }
    }

    /**
     * Which of the resources got a chat to their bare JID. Each is then sent a marker to its full
     * JID by the same sender: stanzas from one node to another arrive in order, so a resource that
     * has its marker without the message before it never gets that message.
     */
    private static List<String> receiversOfBareJidMessage(XMPPTCPConnection sender, String body, XMPPTCPConnection... resources) throws Exception {
        List<StanzaCollector> collectors = new ArrayList<>();
        for (XMPPTCPConnection r : resources) collectors.add(r.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE, FromMatchesFilter.createBare(sender.getUser().asBareJid()))));
        try {
            chat(sender, resources[0].getUser().asBareJid(), body);
            for (XMPPTCPConnection r : resources) chat(sender, r.getUser(), "marker " + body);
            List<String> receivers = new ArrayList<>();
            for (int i = 0; i < resources.length; i++) {
                for (Message m; ; ) {
                    m = collectors.get(i).nextResult(30_000);
                    assertNotNull(resources[i].getUser() + " had no marker", m);
                    if (m.getBody().equals("marker " + body)) break;
                    if (m.getBody().equals(body)) receivers.add(resources[i].getUser().getResourcepart().toString());
                }
            }
            return receivers;
        } finally {
            collectors.forEach(StanzaCollector::cancel);
        }
    }

    /**
     * n2's Hazelcast member restarts under a running server (its cluster bundle stopped and
     * started, as a changed etc/xmpp.cluster.cfg does): n1 sees the member leave and tells romeo
     * juliet went unavailable; her connection to n2 stays, and when the member is back n2 writes
     * her session into the shared table again and announces her presence again, so romeo sees her
     * and reaches her: no session missing, none left behind.
     */
    @Test
    public void ca_aNodeWhoseClusterMemberRestartsPublishesItsSessionsAgain() throws Exception {
        XMPPTCPConnection romeo = login(n1, romeoName, "orchard");
        XMPPTCPConnection juliet = login(n2, julietName, "balcony");
        Roster romeoRoster = Roster.getInstanceFor(romeo);
        if (!romeoRoster.isLoaded()) romeoRoster.reloadAndWait();
        eventually(() -> romeoRoster.getPresence(bare(julietName)).isAvailable(), yes -> yes);

        long cluster = n2.bundleId("xmpp.cluster.hazelcast");
        n2.ctl("stop " + cluster);
        eventually(() -> romeoRoster.getPresence(bare(julietName)).isAvailable(), available -> !available);
        n2.ctl("start " + cluster);
        eventually(() -> n1.ctl("xmpp:cluster"), out -> out.contains("3 members"));

        eventually(() -> romeoRoster.getPresence(bare(julietName)).isAvailable(), yes -> yes);
        assertTrue("her connection outlived the member", juliet.isConnected());
        EntityFullJid julietFull = juliet.getUser();
        eventually(() -> n1.ctl("xmpp:sessions"), out -> out.lines().anyMatch(l -> l.startsWith(julietFull + " ") && l.contains(" n2 ")));
        assertEquals("after the restart", received(juliet, bare(romeoName), () -> chat(romeo, julietFull, "after the restart")).getBody());
    }

    /**
     * n3 killed (SIGKILL): while the others miss its heartbeats and after they count it gone, romeo
     * on n1 and juliet on n2 go on talking; the nurse's contacts get her unavailable presence and
     * no node lists her session; a chat to her waits offline. n3 restarted under its name rejoins:
     * three members again, the nurse logs in there, her offline message, her presence and new
     * messages cross to and from it.
     */
    @Test
    public void d_aKilledNodeLeavesTheOthersServingAndRejoinsWhenRestarted() throws Exception {
        XMPPTCPConnection romeo = login(n1, romeoName, "orchard");
        XMPPTCPConnection juliet = login(n2, julietName, "balcony");
        XMPPTCPConnection nurse = login(n3, nurseName, "kitchen");
        EntityFullJid nurseFull = nurse.getUser();
        subscribe(romeo, nurse);
        subscribe(juliet, nurse);
        Roster romeoRoster = Roster.getInstanceFor(romeo);
        Roster julietRoster = Roster.getInstanceFor(juliet);
        if (!julietRoster.isLoaded()) julietRoster.reloadAndWait();
        nurse.sendStanza(nurse.getStanzaFactory().buildPresenceStanza().setStatus("in the kitchen").build());
        eventually(() -> romeoRoster.getPresence(bare(nurseName)).isAvailable(), yes -> yes);
        eventually(() -> julietRoster.getPresence(bare(nurseName)).isAvailable(), yes -> yes);

        n3.process().destroyForcibly();   // SIGKILL: no goodbye from n3, the others notice the missing heartbeats
        assertTrue(n3.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals("while n3 is missed", received(juliet, bare(romeoName), () -> chat(romeo, bare(julietName), "while n3 is missed")).getBody());
        eventually(() -> romeoRoster.getPresence(bare(nurseName)).isAvailable(), available -> !available);
        eventually(() -> julietRoster.getPresence(bare(nurseName)).isAvailable(), available -> !available);
        for (ServerProcess n : List.of(n1, n2)) {
            eventually(() -> n.ctl("xmpp:cluster"), out -> out.contains("2 members"));
            eventually(() -> n.ctl("xmpp:sessions"), out -> !out.contains(nurseName));
        }
        assertEquals("after n3 is gone", received(romeo, bare(julietName), () -> chat(juliet, bare(romeoName), "after n3 is gone")).getBody());
        chat(romeo, nurseFull, "are you there?");   // a chat to her gone resource: to the account, offline
        n1.awaitOffline(nurseName + "@localhost", 1);

        n3.started();
        for (ServerProcess n : List.of(n1, n2, n3)) eventually(() -> n.ctl("xmpp:cluster"), out -> out.contains("3 members"));
        XMPPTCPConnection back = open.add(n3.client("localhost", nurseName, "pw", "kitchen", "SCRAM-SHA-1"));
        // the initial presence Smack sends at login brings it: listening from before the login
        Message offline = received(back, bare(romeoName), () -> back.connect().login());
        assertEquals("are you there?", offline.getBody());
        back.sendStanza(back.getStanzaFactory().buildPresenceStanza().setStatus("back").build());
        eventually(() -> julietRoster.getPresence(bare(nurseName)).getStatus(), "back"::equals);
        assertEquals("to the rejoined node", received(back, bare(julietName), () -> chat(juliet, bare(nurseName), "to the rejoined node")).getBody());
        assertEquals("from the rejoined node", received(romeo, bare(nurseName), () -> chat(back, bare(romeoName), "from the rejoined node")).getBody());
    }

    /** The nodes keep no database of their own: accounts are in the shared one, and no H2 file appears in a node's folder. */
    @Test
    public void e_everyNodeStoresInTheSharedDatabaseOnly() throws Exception {
        for (String user : List.of(romeoName, julietName, nurseName)) assertTrue(user + " in the shared database", database.hasAccount(user, "localhost"));
        for (ServerProcess n : List.of(n1, n2, n3)) {
            try (Stream<Path> files = Files.walk(n.home)) {
                List<Path> h2 = files.filter(f -> f.getFileName().toString().matches(".*\\.(mv|h2|trace)\\.db")).toList();
                assertTrue("H2 files in " + n.home + ": " + h2, h2.isEmpty());
            }
        }
    }
}
