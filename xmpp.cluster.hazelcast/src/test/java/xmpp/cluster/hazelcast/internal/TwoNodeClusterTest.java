package xmpp.cluster.hazelcast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.MapConfig;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;
import xmpp.router.internal.HookRunner;
import xmpp.router.internal.IqDispatcher;
import xmpp.router.internal.ServerConfigs;
import xmpp.router.internal.SessionListeners;
import xmpp.router.internal.XmppRouter;

/**
 * Two Hazelcast members in this JVM on loopback, each with the real router on the cluster's
 * tables and topic link: what the exported servers do, without their listeners.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodeClusterTest {

    Node a;
    Node b;
    String seed;

    @BeforeAll
    void start() throws IOException {
        int portA = freePort();
        int portB = freePort();
        seed = "127.0.0.1:" + portA;
        List<String> members = List.of(seed, "127.0.0.1:" + portB);
        a = new Node("a", portA, members);
        b = new Node("b", portB, members);
        await(() -> a.member.nodes().size() == 2 && b.member.nodes().size() == 2, "the two members see each other");
    }

    @AfterAll
    void stop() {
        b.stop();
        a.stop();
    }

    @Test
    void messagesToFullAndBareJidsReachASessionOnTheOtherNode() throws Exception {
        Recording romeo = a.bind("romeo@localhost/orchard", 0);
        Recording juliet = b.bind("juliet@localhost/balcony", 0);
        a.route("<message from='romeo@localhost/orchard' to='juliet@localhost/balcony' type='chat' id='full'><body>hi</body></message>");
        assertEquals("full", juliet.next().attr("id"));
        a.route("<message from='romeo@localhost/orchard' to='juliet@localhost' type='chat' id='bare'><body>hi</body></message>");
        assertEquals("bare", juliet.next().attr("id"));
        b.route("<message from='juliet@localhost/balcony' to='romeo@localhost' type='chat' id='back'><body>hi</body></message>");
        assertEquals("back", romeo.next().attr("id"));
        assertEquals(2, a.sessions.sessionsOf(Jid.of("romeo@localhost")).size() + a.sessions.sessionsOf(Jid.of("juliet@localhost")).size(),
                "both nodes' sessions in the one table");
    }

    @Test
    void eachNodeReadsTheSessionTableFromTheSynchronousBackupItHolds() {
        MapConfig table = a.member.hazelcast().getConfig().getMapConfig(HazelcastSessionTable.MAP);
        assertTrue(table.isReadBackupData(), "a stanza to a session on the other node reads no entry over the network");
        assertEquals(1, table.getBackupCount(), "a synchronous backup, as current as the owner's entry");
        assertEquals(0, table.getAsyncBackupCount());
    }

    @Test
    void everyNodeKnowsThePresenceOfAnAccountsSessionsOnAllNodes() throws Exception {
        Recording square = a.bind("benvolio@localhost/square", 3);
        b.bind("benvolio@localhost/inn", 1);
        Jid account = Jid.of("benvolio@localhost");
        await(() -> b.router.presencesOf(account).size() == 2, "both resources' presence seen from b");
        assertEquals("3", b.router.presencesOf(account).get(Jid.of("benvolio@localhost/square")).child("priority").orElseThrow().text(),
                "the presence a probe to b is answered with for the session on a");
        assertEquals(a.router.presencesOf(account).keySet(), b.router.presencesOf(account).keySet(), "the same from a");

        a.router.presence(square, XmlStreams.parseElement("<presence from='benvolio@localhost/square' type='unavailable'/>"));
        await(() -> b.router.presencesOf(account).keySet().equals(Set.of(Jid.of("benvolio@localhost/inn"))), "an unavailable session has none");
        assertEquals(Set.of(Jid.of("benvolio@localhost/square"), Jid.of("benvolio@localhost/inn")), Set.copyOf(b.router.resourcesOf(account)),
                "but is still one of the account's resources, seen from either node");
    }

    @Test
    void aNodeThatLeavesHasItsSessionsRemovedAndAnnouncedUnavailable() throws Exception {
        int portC = freePort();
        Node c = new Node("c", portC, List.of(seed, "127.0.0.1:" + portC));   // a third node, which joins and leaves
        await(() -> a.member.nodes().size() == 3, "c joined");
        Recording garden = a.bind("nurse@localhost/garden", 0);
        c.bind("nurse@localhost/kitchen", 0);
        new HazelcastRouteTable(c.member).add("rooms.localhost", "c");   // as c's router does for a component there
        assertEquals(Set.of("c"), new HazelcastRouteTable(a.member).nodes("rooms.localhost"), "a sees c's route");
        await(() -> garden.received.stream().anyMatch(p -> p.attr("from").equals("nurse@localhost/kitchen")), "the kitchen's presence");
        garden.received.clear();

        c.stop();

        Element unavailable = garden.next();
        assertEquals("unavailable", unavailable.attr("type"));
        assertEquals("nurse@localhost/kitchen", unavailable.attr("from"));
        assertEquals(List.of(Jid.of("nurse@localhost/garden")), a.sessions.sessionsOf(Jid.of("nurse@localhost")).stream().map(e -> e.jid()).toList());
        await(() -> new HazelcastRouteTable(a.member).nodes("rooms.localhost").isEmpty(), "c's routes went with it");
        a.route("<message from='nurse@localhost/garden' to='nurse@localhost/kitchen' type='chat' id='gone'/>");
        assertEquals("gone", garden.next().attr("id"), "a chat to the departed resource reaches the account's other one (RFC 6121 8.5.3.2.1)");
    }

    /**
     * A split cluster: each side counted the other gone, removed its sessions and announced them
     * unavailable (here b does so to a session of a, as its clean-up would). When it heals, a's
     * sessions are in the table again and their presence announced again, so no session stays
     * missing to the other nodes.
     */
    @Test
    void aHealedSplitRepublishesTheSessionsTheOtherSideRemoved() throws Exception {
        Recording square = b.bind("tybalt@localhost/square", 0);
        a.bind("tybalt@localhost/street", 2);
        await(() -> square.received.stream().anyMatch(p -> p.attr("from").equals("tybalt@localhost/street")), "the street's presence");
        square.received.clear();
        Jid street = Jid.of("tybalt@localhost/street");
        b.router.departed(b.sessions.get(street).orElseThrow());
        assertEquals("unavailable", square.next().attr("type"), "the other side's view while split");

        a.watch.healed();

        assertTrue(b.sessions.get(street).orElseThrow().available(), "a's session is back in the table, available");
        Element again = square.next();
        assertEquals("tybalt@localhost/street", again.attr("from"));
        assertEquals("", again.attr("type"), "announced available again to the account's other resource");
    }

    /** RFC 6120 7.7.2.2 across nodes: the newer login replaces the older session there, as a second login on one node does. */
    @Test
    void aLoginOnAnotherNodeWithABoundFullJidClosesTheOlderSessionWithConflict() throws Exception {
        Jid jid = Jid.of("paris@localhost/chapel");
        Closable older = new Closable(jid);
        a.router.bind(older);
        a.router.presence(older, XmlStreams.parseElement("<presence from='paris@localhost/chapel'/>"));
        Closable newer = new Closable(jid);
        b.router.bind(newer);

        assertEquals(StreamError.Condition.CONFLICT, older.closedWith(), "the older session, on a");
        assertEquals(Optional.empty(), a.router.session(jid), "a no longer holds it");
        await(() -> a.sessions.sessionsOf(jid.bare()).stream().map(SessionEntry::node).toList().equals(List.of("b")),
                "one session under that full JID, the newer one on b: " + a.sessions.sessionsOf(jid.bare()));
        a.router.unbind(older);   // what its connection does as it closes: it takes nothing of the newer one with it
        a.route("<message from='mercutio@localhost/x' to='paris@localhost/chapel' type='chat' id='to-newer'/>");
        Element delivered = newer.received.poll(60, TimeUnit.SECONDS);
        assertEquals("to-newer", delivered == null ? null : delivered.attr("id"), "a sends it to the newer session, on b");
        assertEquals(List.of("b"), b.sessions.sessionsOf(jid.bare()).stream().map(SessionEntry::node).toList());
    }

    /** A session that records what reaches it and how it was closed. */
    static final class Closable implements Session {
        final Jid jid;
        final BlockingQueue<Element> received = new LinkedBlockingQueue<>();
        final BlockingQueue<StreamError> closes = new LinkedBlockingQueue<>();

        Closable(Jid jid) {
            this.jid = jid;
        }

        @Override public Jid jid() { return jid; }
        @Override public void deliver(Element stanza) { received.add(stanza); }
        @Override public void close(StreamError error) { closes.add(error); }

        StreamError.Condition closedWith() throws InterruptedException {
            StreamError e = closes.poll(60, TimeUnit.SECONDS);
            if (e == null) throw new AssertionError(jid + " was not closed within 60 s");
            return e.condition();
        }
    }

    /** One node: the member, its tables, the real router on them, and the link. */
    static final class Node {
        final HazelcastMember member;
        final HazelcastSessionTable sessions;
        final XmppRouter router;
        final MembershipWatch watch;
        final TopicNodeLink link;

        Node(String name, int port, List<String> members) {
            member = new HazelcastMember(name, HazelcastMember.config(config(port, members), name));
            sessions = new HazelcastSessionTable(member);
            router = new XmppRouter(ServerConfigs.onNode(name, "localhost"), new IqDispatcher(ServerConfigs.of("localhost")),
                    new HookRunner(), new SessionListeners(), new HazelcastRouteTable(member), sessions);
            link = new TopicNodeLink(member, router, router);
            router.setNodeLink(link);
            watch = new MembershipWatch(member, router);
        }

        Recording bind(String jid, int priority) throws Exception {
            Recording s = new Recording(Jid.of(jid));
            router.bind(s);
            router.presence(s, XmlStreams.parseElement("<presence from='" + jid + "'><priority>" + priority + "</priority></presence>"));
            s.received.clear();
            return s;
        }

        void route(String xml) throws Exception {
            Element stanza = XmlStreams.parseElement(xml);
            router.route(Jid.of(stanza.attr("from")), Jid.of(stanza.attr("to")), stanza);
        }

        void stop() {
            watch.deactivate();
            link.deactivate();
            member.deactivate();
        }
    }

    /** A session that records what reaches it. */
    record Recording(Jid jid, BlockingQueue<Element> received) implements Session {
        Recording(Jid jid) {
            this(jid, new LinkedBlockingQueue<>());
        }

        @Override public void deliver(Element stanza) { received.add(stanza); }
        @Override public void close(StreamError error) { }

        Element next() throws InterruptedException {
            Element e = received.poll(60, TimeUnit.SECONDS);
            if (e == null) throw new AssertionError(jid + " received nothing within 60 s");
            return e;
        }
    }

    static ClusterConfig config(int port, List<String> members) {
        return new ClusterConfig() {
            @Override public Class<? extends Annotation> annotationType() { return ClusterConfig.class; }
            @Override public String name() { return "test-" + ProcessHandle.current().pid(); }
            @Override public String[] members() { return members.toArray(String[]::new); }
            @Override public String address() { return "127.0.0.1"; }
            @Override public int port() { return port; }
            @Override public boolean public_allowed() { return false; }
            @Override public int member_timeout_s() { return 5; }
        };
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits for {@code condition}, as long as a loaded machine may need: a bound, not a speed check. */
    static void await(BooleanSupplier condition, String what) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) throw new AssertionError("not within 60 s: " + what);
            Thread.onSpinWait();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertTrue(condition.getAsBoolean());
    }
}
