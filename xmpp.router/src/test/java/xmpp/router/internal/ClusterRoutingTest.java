package xmpp.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.route.StanzaHook;
import xmpp.core.spi.route.NodeLink;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.spi.route.SessionTable;
import xmpp.core.xml.Element;
import xmpp.router.internal.Harness.FakeSession;

/**
 * Two routers, nodes n1 and n2, sharing one session table and route table, as a cluster's
 * tables are shared, and linked in-process as a cluster's NodeLink links them.
 */
class ClusterRoutingTest {

    final InMemorySessionTable sessionTable = new InMemorySessionTable();
    final InMemoryRouteTable routeTable = new InMemoryRouteTable();
    final Harness n1 = new Harness("n1", sessionTable, routeTable);
    final Harness n2 = new Harness("n2", sessionTable, routeTable);

    {
        n1.router.setNodeLink(new InProcessLink());
        n2.router.setNodeLink(new InProcessLink());
    }

    /** What a cluster's link does: the stanza reaches the other node's router or session manager. */
    final class InProcessLink implements NodeLink {
        @Override
        public boolean forward(String node, Jid from, Jid to, Element stanza) {
            on(node).router.route(from, to, stanza);
            return true;
        }

        @Override
        public boolean deliver(String node, Jid from, Jid session, Element stanza) {
            on(node).router.deliverForwarded(from, session, stanza);
            return true;
        }

        private Harness on(String node) {
            return node.equals("n1") ? n1 : n2;
        }
    }

    /** Forgets the presence each resource saw of the others while the test set them up. */
    private static void settled(FakeSession... sessions) {
        for (FakeSession s : sessions) s.received.clear();
    }

    /** What a cluster's table costs per read (a Hazelcast map): counted. */
    static final class ReadCounting implements SessionTable {
        final SessionTable table = new InMemorySessionTable();
        final AtomicInteger reads = new AtomicInteger();

        @Override public void put(SessionEntry entry) { table.put(entry); }
        @Override public boolean remove(Jid jid, String node) { return table.remove(jid, node); }
        @Override public Optional<SessionEntry> get(Jid fullJid) { reads.incrementAndGet(); return table.get(fullJid); }
        @Override public List<SessionEntry> sessionsOf(Jid bareJid) { reads.incrementAndGet(); return table.sessionsOf(bareJid); }
        @Override public List<SessionEntry> all() { reads.incrementAndGet(); return table.all(); }
        @Override public int size() { return table.size(); }
    }

    @Test
    void aStanzaForAFullJidBoundOnThisNodeIsDeliveredWithoutReadingTheSharedTable() throws Exception {
        ReadCounting table = new ReadCounting();
        Harness node = new Harness("n1", table, new InMemoryRouteTable());
        node.session("romeo@localhost/orchard", 0);
        FakeSession juliet = node.session("juliet@localhost/balcony", 0);
        settled(juliet);
        table.reads.set(0);
        node.route("<message from='romeo@localhost/orchard' to='juliet@localhost/balcony' type='chat' id='here'><body>hi</body></message>");
        assertEquals("here", juliet.next().attr("id"));
        assertEquals(0, table.reads.get(), "the session bound here is found in the node's own index");
    }

    @Test
    void aMessageToAFullJidOnAnotherNodeIsDeliveredThere() throws Exception {
        FakeSession romeo = n1.session("romeo@localhost/orchard", 0);
        FakeSession juliet = n2.session("juliet@localhost/balcony", 0);
        n1.route("<message from='romeo@localhost/orchard' to='juliet@localhost/balcony' id='m1'><body>hi</body></message>");
        assertEquals("m1", juliet.next().attr("id"));
        romeo.expectNothing();
    }

    @Test
    void aBareJidMessageFollowsPriorityAcrossNodes() throws Exception {
        n1.session("romeo@localhost/orchard", 0);
        FakeSession low = n1.session("juliet@localhost/low", 1);
        FakeSession high = n2.session("juliet@localhost/high", 7);
        settled(low, high);
        n1.route("<message from='romeo@localhost/orchard' to='juliet@localhost' type='chat' id='c'/>");
        assertEquals("c", high.next().attr("id"));
        low.expectNothing();
    }

    @Test
    void inboundPresenceHooksRunOnceForAUserWhoseResourcesAreOnAnotherNode() throws Exception {
        AtomicInteger inbound = new AtomicInteger();
        StanzaHook counting = (from, to, stanza) -> {
            inbound.incrementAndGet();
            return stanza;
        };
        n1.hooks.addHook(counting, Harness.props(StanzaHook.POINT, StanzaHook.INBOUND_PRESENCE));
        n2.hooks.addHook(counting, Harness.props(StanzaHook.POINT, StanzaHook.INBOUND_PRESENCE));
        n1.session("romeo@localhost/orchard", 0);
        FakeSession juliet = n2.session("juliet@localhost/balcony", 0);
        inbound.set(0);
        n1.route("<presence from='romeo@localhost/orchard' to='juliet@localhost'/>");
        assertEquals("romeo@localhost/orchard", juliet.next().attr("from"));
        assertEquals(1, inbound.get(), "the roster and presence modules see an inbound presence once, not once per node");
    }

    @Test
    void aSubscriptionToAFullJidOnAnotherNodeReachesTheAccountOnce() throws Exception {
        n1.session("romeo@localhost/orchard", 0);
        FakeSession balcony = n2.session("juliet@localhost/balcony", 0);
        FakeSession garden = n1.session("juliet@localhost/garden", 0);
        settled(balcony, garden);
        n1.route("<presence from='romeo@localhost/orchard' to='juliet@localhost/balcony' type='subscribe' id='s'/>");
        assertEquals("s", balcony.next().attr("id"));
        assertEquals("s", garden.next().attr("id"));
        balcony.expectNothing();
        garden.expectNothing();
    }

    @Test
    void aForwardedStanzaWhoseSessionLeftMeanwhileFollowsTheRulesForAnUnboundResource() throws Exception {
        FakeSession romeo = n1.session("romeo@localhost/orchard", 0);
        FakeSession other = n1.session("juliet@localhost/garden", 0);
        n2.router.deliverForwarded(Jid.of("romeo@localhost/orchard"), Jid.of("juliet@localhost/gone"),
                Harness.xml("<message from='romeo@localhost/orchard' to='juliet@localhost/gone' type='chat' id='late'/>"));
        assertEquals("late", other.next().attr("id"), "a chat to a resource that is gone reaches the account (RFC 6121 8.5.3.2.1)");
        romeo.expectNothing();
    }

    @Test
    void aSessionOfADepartedNodeIsRemovedOnceAndAnnouncedUnavailable() throws Exception {
        FakeSession garden = n1.session("juliet@localhost/garden", 0);
        java.util.List<Jid> unavailable = new java.util.concurrent.CopyOnWriteArrayList<>();
        SessionListener recording = new SessionListener() {
            @Override
            public void unavailable(Session session, Element presence) {
                unavailable.add(session.jid());
            }
        };
        n1.listeners.addListener(recording, Harness.props());
        n2.listeners.addListener(recording, Harness.props());
        SessionEntry gone = new SessionEntry(Jid.of("juliet@localhost/balcony"), "n3", 2, true, Instant.now());
        sessionTable.put(gone);

        n1.router.departed(gone);
        n2.router.departed(gone);   // every node that saw the node leave may call it: only one announces

        assertTrue(sessionTable.get(gone.jid()).isEmpty());
        Element presence = garden.next();
        assertEquals("unavailable", presence.attr("type"));
        assertEquals("juliet@localhost/balcony", presence.attr("from"));
        garden.expectNothing();
        assertEquals(java.util.List.of(gone.jid()), unavailable, "the presence module tells her contacts once");
    }

    @Test
    void aDepartedEntryThatWasReplacedElsewhereStays() {
        SessionEntry moved = new SessionEntry(Jid.of("juliet@localhost/balcony"), "n2", 0, true, Instant.now());
        sessionTable.put(moved);
        n1.router.departed(new SessionEntry(moved.jid(), "n3", 0, true, Instant.now()));
        assertFalse(sessionTable.get(moved.jid()).isEmpty(), "the resource logged in again on n2 before n3's cleanup");
    }
}
