package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.Chats.chat;
import static xmpp.itest.Chats.received;
import static xmpp.itest.ServerProcess.eventually;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A cluster and the rest of the network: a.test served by two clustered nodes, n1 and n2, and
 * b.test by a single server, federated through static routes (b.test reaches a.test at n1). The
 * cluster opens one stream to b.test, on the node that first needs it, and the other node's users
 * go out through it; when that node dies, the survivor opens its own. What a module sends to an
 * account's own sessions (roster pushes, carbons, PEP notifications) reaches those on the other
 * node too. Tests run in name order: the last one kills n2.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ClusterFederationIT {

    private static ClusterNodes cluster;
    private static ServerProcess n1;
    private static ServerProcess n2;
    private static ServerProcess b;
    @Rule
    public final OpenConnections open = new OpenConnections();

    private static final String MOOD = "http://jabber.org/protocol/mood";

    @BeforeClass
    public static void start() throws Exception {
        Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.manual);
        // A payload Smack parses as it came, as PepModuleIT reads its own.
        ProviderManager.addExtensionProvider("mood", MOOD, new PepModuleIT.PayloadProvider("mood", MOOD));
        cluster = new ClusterNodes("a.test", 2, 5);
        n1 = cluster.node(0);
        n2 = cluster.node(1);
        b = new ServerProcess("b.test");
        for (ServerProcess node : List.of(n1, n2)) {
            node.federateWith(b);
            // b.test checks a dialback key of n2's stream with n1, its way into a.test
            node.configure("xmpp.s2s.cfg", "dialback.secret", "the secret of a.test");
        }
        b.federateWith(n1);
        n1.started();
        n2.started();
        b.started();
        eventually(() -> n1.ctl("xmpp:cluster"), out -> out.contains("2 members"));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (b != null) b.close();
        if (cluster != null) cluster.close();
    }

    private XMPPTCPConnection login(ServerProcess server, String user, String resource) throws Exception {
        return open.available(server, user, resource);
    }

    private static BareJid bare(ServerProcess server, String user) throws Exception {
        return JidCreate.bareFrom(user + "@" + server.domain);
    }

    /** The streams b.test lists as coming from a.test. */
    private static long incomingFromTheCluster() throws Exception {
        return b.ctl("xmpp:s2s").lines().filter(l -> l.contains(" in ") && l.contains("a.test")).count();
    }

    @Test
    public void a_usersOnBothNodesReachARemoteDomainOverOneStreamAndHearBackOnTheirOwnNode() throws Exception {
        String julietName = b.newUser("juliet");
        XMPPTCPConnection juliet = login(b, julietName, "verona");
        String romeoName = n1.newUser("romeo");
        String mercutioName = n2.newUser("mercutio");
        XMPPTCPConnection romeo = login(n1, romeoName, "orchard");
        XMPPTCPConnection mercutio = login(n2, mercutioName, "square");
        BareJid julietJid = bare(b, julietName);

        assertEquals("from n2", received(juliet, bare(n2, mercutioName), () -> chat(mercutio, julietJid, "from n2")).getBody());
        assertEquals("from n1", received(juliet, bare(n1, romeoName), () -> chat(romeo, julietJid, "from n1")).getBody());
        assertEquals("to n1", received(romeo, julietJid, () -> chat(juliet, bare(n1, romeoName), "to n1")).getBody());
        assertEquals("to n2, through n1", received(mercutio, julietJid, () -> chat(juliet, bare(n2, mercutioName), "to n2, through n1")).getBody());

        assertEquals("b.test sees one stream from the cluster:\n" + b.ctl("xmpp:s2s"), 1, incomingFromTheCluster());
        String streams = n2.ctl("xmpp:s2s");
        assertTrue("n2 needed it first and holds it:\n" + streams, streams.lines().anyMatch(l -> l.contains(" out ") && l.contains("b.test")));
        streams = n1.ctl("xmpp:s2s");
        assertFalse("n1 forwards to n2:\n" + streams, streams.lines().anyMatch(l -> l.contains(" out ") && l.contains("b.test")));
        String claims = n1.ctl("xmpp:cluster");
        assertTrue(claims, claims.contains("s2s a.test -> b.test on n2"));
    }

    /** RFC 6120 7.7.2.2: a login with a full JID bound on the other node replaces the older session, as on one node. */
    @Test
    public void b_aSecondLoginWithTheSameFullJidOnTheOtherNodeEndsTheFirstWithConflict() throws Exception {
        String name = n1.newUser("tybalt");
        XMPPTCPConnection first = login(n1, name, "street");
        BlockingQueue<Exception> ends = new LinkedBlockingQueue<>();
        first.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                ends.add(e);
            }
        });
        XMPPTCPConnection second = login(n2, name, "street");
        Exception end = ends.poll(30, TimeUnit.SECONDS);
        assertNotNull("the first session, on n1, was not closed", end);
        assertTrue(String.valueOf(end), end instanceof XMPPException.StreamErrorException);
        assertEquals(StreamError.Condition.conflict, ((XMPPException.StreamErrorException) end).getStreamError().getCondition());
        // n1 lists the session as another node's (no address: it holds no connection for it)
        eventually(() -> n1.ctl("xmpp:sessions"), out -> out.lines().anyMatch(l -> l.startsWith(second.getUser() + " ") && l.matches(".* n2 +- .*")));

        String julietName = b.newUser("juliet");
        XMPPTCPConnection juliet = login(b, julietName, "verona");
        assertEquals("to the newer one", received(second, bare(b, julietName),
                () -> juliet.sendStanza(juliet.getStanzaFactory().buildMessageStanza().to(second.getUser()).ofType(Message.Type.chat).setBody("to the newer one").build()))
                .getBody());
    }

    /** RFC 6121 section 2.1.6: a roster change made from a resource on n2 is pushed to the one on n1 that asked for the roster. */
    @Test
    public void c_aRosterChangeOnOneNodeIsPushedToTheAccountsResourceOnTheOther() throws Exception {
        String romeoName = n1.newUser("romeo");
        XMPPTCPConnection orchard = login(n1, romeoName, "orchard");
        XMPPTCPConnection garden = login(n2, romeoName, "garden");
        Roster onN1 = Roster.getInstanceFor(orchard);
        onN1.reloadAndWait();   // asks for the roster: pushes follow
        Roster onN2 = Roster.getInstanceFor(garden);
        onN2.reloadAndWait();
        BareJid nurse = JidCreate.bareFrom("nurse@b.test");
        onN2.createItem(nurse, "Nurse", null);
        eventually(() -> onN1.getEntry(nurse), entry -> entry != null && "Nurse".equals(entry.getName()));
    }

    /** XEP-0280: the account's carbons-enabled resource on n2 sees what its resource on n1 receives and sends. */
    @Test
    public void d_carbonsReachTheAccountsResourceOnTheOtherNode() throws Exception {
        String romeoName = n1.newUser("romeo");
        String mercutioName = n1.newUser("mercutio");
        XMPPTCPConnection orchard = login(n1, romeoName, "orchard");
        XMPPTCPConnection garden = login(n2, romeoName, "garden");
        XMPPTCPConnection mercutio = login(n1, mercutioName, "square");
        BlockingQueue<String> copies = new LinkedBlockingQueue<>();
        CarbonManager.getInstanceFor(garden).addCarbonCopyReceivedListener((direction, copy, wrapper) -> copies.add(direction + " " + copy.getBody()));
        CarbonManager.getInstanceFor(garden).enableCarbons();

        mercutio.sendStanza(mercutio.getStanzaFactory().buildMessageStanza().to(orchard.getUser()).ofType(Message.Type.chat).setBody("hi").build());
        assertEquals(CarbonExtension.Direction.received + " hi", copies.poll(30, TimeUnit.SECONDS));
        chat(orchard, bare(n1, mercutioName), "hello");
        assertEquals(CarbonExtension.Direction.sent + " hello", copies.poll(30, TimeUnit.SECONDS));
    }

    /** XEP-0163: what the account publishes from n1 reaches its resource on n2 that wants the node (+notify in its caps). */
    @Test
    public void e_aPepNotificationReachesTheAccountsResourceOnTheOtherNode() throws Exception {
        String romeoName = n1.newUser("romeo");
        XMPPTCPConnection orchard = login(n1, romeoName, "orchard");
        XMPPTCPConnection garden = login(n2, romeoName, "garden");
        BlockingQueue<PepModuleIT.Payload> moods = new LinkedBlockingQueue<>();
        PepManager.getInstanceFor(garden).addPepEventListener(MOOD, PepModuleIT.Payload.class, (from, payload, id, message) -> moods.add(payload));
        PepManager orchardPep = PepManager.getInstanceFor(orchard);
        // Smack announces +notify in a presence of its own, whose features n2 then asks for, and n2
        // sends the node's last item when it learns them: the first mood may come that way. Publish
        // until one arrives, so that n2 knows garden wants the node...
        eventually(() -> {
            orchardPep.publish(MOOD, new PayloadItem<>("current", new PepModuleIT.Payload("mood", MOOD, "<mood xmlns='" + MOOD + "'><happy/></mood>")));
            return moods.poll(2, TimeUnit.SECONDS);
        }, payload -> payload != null);
        // ...then a new one can only come as the notification n1 sends to the resource on n2.
        orchardPep.publish(MOOD, new PayloadItem<>("current", new PepModuleIT.Payload("mood", MOOD, "<mood xmlns='" + MOOD + "'><sad/></mood>")));
        eventually(() -> moods.poll(1, TimeUnit.SECONDS), payload -> payload != null && payload.xml().contains("sad"));
    }

    @Test
    public void z_whenTheNodeHoldingTheStreamDiesTheSurvivorOpensItsOwn() throws Exception {
        String julietName = b.newUser("juliet");
        XMPPTCPConnection juliet = login(b, julietName, "verona");
        String romeoName = n1.newUser("romeo");
        XMPPTCPConnection romeo = login(n1, romeoName, "orchard");
        BareJid julietJid = bare(b, julietName);
        assertTrue("n2 holds the stream: " + n1.ctl("xmpp:cluster"), n1.ctl("xmpp:cluster").contains("s2s a.test -> b.test on n2"));

        n2.process().destroyForcibly();   // SIGKILL
        assertTrue(n2.process().waitFor(30, TimeUnit.SECONDS));
        eventually(() -> n1.ctl("xmpp:cluster"), out -> out.contains("1 member"));
        assertEquals("after n2", received(juliet, bare(n1, romeoName), () -> chat(romeo, julietJid, "after n2")).getBody());
        assertTrue(n1.ctl("xmpp:s2s"), n1.ctl("xmpp:s2s").lines().anyMatch(l -> l.contains(" out ") && l.contains("b.test")));
        eventually(ClusterFederationIT::incomingFromTheCluster, count -> count == 1);
        assertEquals("and back", received(romeo, julietJid, () -> chat(juliet, bare(n1, romeoName), "and back")).getBody());
    }
}
