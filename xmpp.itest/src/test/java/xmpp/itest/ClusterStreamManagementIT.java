package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.Chats.chat;
import static xmpp.itest.ServerProcess.eventually;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0198 in a cluster: a.test on two nodes, n1 and n2, and phones whose TCP connection dies
 * without {@code </stream>} ({@link XMPPTCPConnection#instantShutdown()}). What users on n2 send
 * to a session detached on n1 waits there for its resumption; a phone that a load balancer sends
 * to n2 when it comes back cannot resume there (the ids live in n1's memory), binds anew, and what
 * n1 kept for it is routed again (XEP-0198 section 7), neither lost nor doubled.
 */
public class ClusterStreamManagementIT {

    private static ClusterNodes cluster;
    private static ServerProcess n1;
    private static ServerProcess n2;
    @Rule
    public final OpenConnections open = new OpenConnections();

    @BeforeClass
    public static void start() throws Exception {
        cluster = new ClusterNodes("a.test", 2, 5);
        n1 = cluster.node(0).started();
        n2 = cluster.node(1);
        // One domain, one certificate: a phone that a load balancer sends to either node trusts both.
        Path certs = Files.createDirectories(n2.home.resolve("data/certs"));
        for (String file : List.of("a.test.crt", "a.test.key"))
            Files.copy(n1.home.resolve("data/certs").resolve(file), certs.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        n2.started();
        eventually(() -> n1.ctl("xmpp:cluster"), out -> out.contains("2 members"));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    /** A phone of {@code user} with resumption on, through {@code port}, logged in and available; {@code bodies} gets each message's body. */
    private XMPPTCPConnection phone(ServerProcess node, int port, String user, String resource, int maxResumeSeconds, BlockingQueue<String> bodies)
            throws Exception {
        XMPPTCPConnection c = node.client(port, "a.test", user, "pw", resource, "SCRAM-SHA-1");
        c.setUseStreamManagement(true);
        c.setUseStreamManagementResumption(true);
        if (maxResumeSeconds > 0) c.setPreferredResumptionTime(maxResumeSeconds);
        c.setReplyTimeout(30_000);
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        c.addSyncStanzaListener(s -> bodies.add(((Message) s).getBody()), MessageWithBodiesFilter.INSTANCE);
        open.add(ServerProcess.loggedInAvailable(c));
        assertTrue("stream management is on", c.isSmEnabled());
        return c;
    }

    private XMPPTCPConnection user(ServerProcess node, String user, String resource) throws Exception {
        return open.available(node, user, resource);
    }

    private static String next(BlockingQueue<String> bodies) throws InterruptedException {
        String body = bodies.poll(30, TimeUnit.SECONDS);
        assertNotNull("no message within 30 s", body);
        return body;
    }

    /** The bodies that came until {@code last}, {@code last} included. */
    private static List<String> until(BlockingQueue<String> bodies, String last) throws InterruptedException {
        List<String> got = new ArrayList<>();
        do got.add(next(bodies));
        while (!got.getLast().equals(last));
        return got;
    }

    private static void awaitDetached(ServerProcess node, String fullJid) throws Exception {
        eventually(() -> node.ctl("xmpp:sessions"), out -> out.lines().anyMatch(l -> l.startsWith(fullJid + " ") && l.contains(" detached ")));
    }

    /** What the session detached on {@code node} keeps for its resumption: what the phone had not acknowledged, and what came since. */
    private static int kept(ServerProcess node, String fullJid) throws Exception {
        String line = node.ctl("xmpp:sessions").lines().filter(l -> l.startsWith(fullJid + " ") && l.contains(" detached ")).findFirst()
                .orElseThrow(() -> new AssertionError(fullJid + " is not detached on " + node.home));
        return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1).strip());
    }

    @Test
    public void aSessionDetachedOnN1KeepsWhatAUserOnN2SendsAndHandsItOverOnResumption() throws Exception {
        String romeo = n1.newUser("romeo");
        String juliet = n2.newUser("juliet");
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        XMPPTCPConnection phone = phone(n1, n1.clientPort, romeo, "phone", 0, bodies);
        XMPPTCPConnection garden = user(n2, juliet, "garden");
        String full = romeo + "@a.test/phone";
        chat(garden, JidCreate.from(full), "before");
        assertEquals("before", next(bodies));

        phone.instantShutdown();
        awaitDetached(n1, full);
        String fromN2 = n2.ctl("xmpp:sessions");
        assertTrue("n2 lists the detached session as n1's:\n" + fromN2, fromN2.lines().anyMatch(l -> l.startsWith(full + " ") && l.matches(".* n1 +- .*")));
        int kept = kept(n1, full);
        chat(garden, JidCreate.from(full), "to the full JID");
        chat(garden, JidCreate.bareFrom(romeo + "@a.test"), "to the bare JID");
        eventually(() -> kept(n1, full), count -> count == kept + 2);

        phone.connect().login();
        assertTrue("resumed on n1, not bound anew", phone.streamWasResumed());
        List<String> got = until(bodies, "to the bare JID");
        got.remove("before");   // unacknowledged, so it may come again (XEP-0198 section 5)
        assertEquals(List.of("to the full JID", "to the bare JID"), got);
    }

    @Test
    public void aPhoneThatALoadBalancerSendsToN2FailsToResumeBindsItsResourceThereAndGetsWhatN1KeptOnce() throws Exception {
        String romeo = n1.newUser("romeo");
        String juliet = n2.newUser("juliet");
        String mercutio = n1.newUser("mercutio");
        try (LoadBalancer balancer = new LoadBalancer(n1.clientPort)) {
            BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
            XMPPTCPConnection phone = phone(n1, balancer.port(), romeo, "phone", 0, bodies);
            XMPPTCPConnection garden = user(n2, juliet, "garden");
            XMPPTCPConnection square = user(n1, mercutio, "square");
            Jid full = JidCreate.from(romeo + "@a.test/phone");
            chat(garden, full, "before");
            assertEquals("before", next(bodies));

            phone.instantShutdown();
            awaitDetached(n1, full.toString());
            int kept = kept(n1, full.toString());
            chat(garden, full, "kept one");
            chat(garden, full, "kept two");
            eventually(() -> kept(n1, full.toString()), count -> count == kept + 2);

            balancer.sendTo(n2.clientPort);
            phone.connect().login();   // Smack tries <resume/> on n2, gets item-not-found, and binds "phone" there
            assertTrue(phone.isAuthenticated());
            assertFalse("n2 cannot resume n1's session", phone.streamWasResumed());
            eventually(() -> n2.ctl("xmpp:sessions"), out -> out.lines().anyMatch(l -> l.startsWith(full + " ") && l.contains(" n2 ")
                    && !l.contains(" detached ")));
            List<String> got = until(bodies, "kept two");
            // what n1 routes again reaches n2 in order on n1's lane: a message sent on n1 after it comes after it
            chat(square, full, "last");
            got.addAll(until(bodies, "last"));
            got.remove("before");   // it was unacknowledged when the connection died: routed again like the rest (XEP-0198 section 7)
            assertEquals("each kept message once, in the session on n2", List.of("kept one", "kept two", "last"), got);
            String sessions = n1.ctl("xmpp:sessions");
            assertFalse("n1 no longer holds the detached session:\n" + sessions,
                    sessions.lines().anyMatch(l -> l.startsWith(full + " ") && l.contains(" detached ")));
        }
    }

    @Test
    public void whenTheTimeOfASessionDetachedOnN1RunsOutWhatItKeptReachesTheAccountsSessionOnN2() throws Exception {
        String romeo = n1.newUser("romeo");
        String juliet = n2.newUser("juliet");
        XMPPTCPConnection phone = phone(n1, n1.clientPort, romeo, "phone", 3, new LinkedBlockingQueue<>());   // 3 s, not the server's 300
        XMPPTCPConnection garden = user(n2, juliet, "garden");
        // Available on n2 before the phone's time runs out: what the phone kept is routed to it then,
        // not to offline storage (as when nobody is there: the next test).
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        phone(n2, n2.clientPort, romeo, "tablet", 0, bodies);
        Jid full = JidCreate.from(romeo + "@a.test/phone");
        phone.instantShutdown();
        awaitDetached(n1, full.toString());
        chat(garden, full, "are you there?");
        assertEquals("are you there?", next(bodies));
        eventually(() -> n2.ctl("xmpp:sessions"), out -> !out.contains(full.toString()));
    }

    @Test
    public void whenTheTimeOfASessionDetachedOnN1RunsOutWhatItKeptIsOfflineAtTheNextLoginOnN2() throws Exception {
        String romeo = n1.newUser("romeo");
        String juliet = n2.newUser("juliet");
        XMPPTCPConnection phone = phone(n1, n1.clientPort, romeo, "phone", 2, new LinkedBlockingQueue<>());
        XMPPTCPConnection garden = user(n2, juliet, "garden");
        Jid full = JidCreate.from(romeo + "@a.test/phone");
        phone.instantShutdown();
        awaitDetached(n1, full.toString());
        chat(garden, full, "call me");
        eventually(() -> n2.ctl("xmpp:sessions"), out -> !out.contains(full.toString()));
        n2.awaitOffline(romeo + "@a.test", 1);   // what the session kept is stored a moment after it ends

        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        open.add(n2.backOnline("a.test", romeo, "back", bodies));
        assertEquals("call me", next(bodies));
    }
}
