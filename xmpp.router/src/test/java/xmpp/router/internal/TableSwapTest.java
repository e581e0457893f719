package xmpp.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.spi.route.SessionTable;
import xmpp.core.xml.Element;

/**
 * The cluster's tables arrive and leave (etc/xmpp.cluster.cfg changed, the Hazelcast member
 * restarted) while clients are connected: DS binds the better-ranked table on the running router
 * (and only then unbinds the other, which the router ignores). No session is closed, this node's sessions and routes are
 * published into whichever table is bound, and the available sessions' presence is announced
 * again (the other nodes told their contacts they left when the member restarted).
 */
class TableSwapTest {

    final Harness h = new Harness();
    final List<String> updates = new CopyOnWriteArrayList<>();

    TableSwapTest() {
        h.listeners.addListener(new SessionListener() {
            @Override
            public void available(Session session, Element presence, Optional<Element> previous) {
                updates.add((previous.isPresent() ? "update " : "initial ") + session.jid());
            }
        }, Harness.props());
    }

    @Test
    void aSessionSurvivesTheClusterTablesArrivingAndLeaving() throws Exception {
        Harness.FakeSession romeo = h.session("romeo@localhost/orchard", 5);
        h.router.addComponent((from, to, stanza) -> { }, Harness.props(xmpp.core.route.Component.ROUTE, "rooms.localhost"));
        updates.clear();

        InMemorySessionTable clusterSessions = new InMemorySessionTable();
        InMemoryRouteTable clusterRoutes = new InMemoryRouteTable();
        h.router.setSessionTable(clusterSessions);
        h.router.setRouteTable(clusterRoutes);

        SessionEntry published = clusterSessions.get(romeo.jid()).orElseThrow();
        assertTrue(published.available(), "the session's presence went with it");
        assertEquals(5, published.priority());
        assertEquals(h.routeTable.nodes("rooms.localhost"), clusterRoutes.nodes("rooms.localhost"), "this node's component route went with it");
        assertEquals(1, clusterRoutes.nodes("rooms.localhost").size());
        assertAnnouncedAgain(romeo, "after the cluster's tables arrived");
        assertDelivered(romeo, "after the cluster's tables arrived");

        InMemorySessionTable singleNode = new InMemorySessionTable();
        h.router.setSessionTable(singleNode);
        assertTrue(singleNode.get(romeo.jid()).isPresent());
        assertAnnouncedAgain(romeo, "after the cluster's tables left");
        assertDelivered(romeo, "after the cluster's tables left");

        h.router.unbind(romeo);
        assertTrue(singleNode.get(romeo.jid()).isEmpty(), "the session leaves the table bound now");
        assertNull(romeo.closedWith, "no table change closed the session");
    }

    /**
     * A session that ends while the swap publishes it: the swap must not write it into the new
     * table after its unbind removed it there, or the other nodes would route to a ghost.
     */
    @Test
    void aSessionUnboundDuringTheSwapLeavesNoGhostInTheNewTable() throws Exception {
        Harness.FakeSession romeo = h.session("romeo@localhost/orchard", 5);
        TableWithAMeanwhile next = new TableWithAMeanwhile(() -> h.router.unbind(romeo));

        h.router.setSessionTable(next);
        next.meanwhile.join();

        assertEquals(Optional.empty(), next.get(romeo.jid()), "the unbound session is not in the table that took over");
    }

    /** Presence sent while the swap publishes the session is recorded in the new table, not lost between the two. */
    @Test
    void presenceSentDuringTheSwapIsRecordedInTheNewTable() throws Exception {
        Harness.FakeSession romeo = h.session("romeo@localhost/orchard", null);
        TableWithAMeanwhile next = new TableWithAMeanwhile(
                () -> h.router.presence(romeo, Harness.xml("<presence from='romeo@localhost/orchard'><priority>5</priority></presence>")));

        h.router.setSessionTable(next);
        next.meanwhile.join();

        SessionEntry entry = next.get(romeo.jid()).orElseThrow();
        assertTrue(entry.available(), "the presence sent during the swap counts");
        assertEquals(5, entry.priority());
    }

    /**
     * The table taking over, in which the swap's first write lets another thread act on the
     * session first: that thread either finishes (no exclusion: the interleaving under test
     * happens) or waits for the swap (its change then lands after the swap, as it should).
     */
    private static final class TableWithAMeanwhile implements SessionTable {
        private final InMemorySessionTable table = new InMemorySessionTable();
        private final Runnable action;
        Thread meanwhile;

        TableWithAMeanwhile(Runnable action) {
            this.action = action;
        }

        @Override
        public void put(SessionEntry entry) {
            if (meanwhile == null) {
                meanwhile = Thread.ofPlatform().start(action);
                while (meanwhile.isAlive() && meanwhile.getState() != Thread.State.WAITING) Thread.onSpinWait();
            }
            table.put(entry);
        }

        @Override public boolean remove(Jid jid, String node) { return table.remove(jid, node); }
        @Override public Optional<SessionEntry> get(Jid fullJid) { return table.get(fullJid); }
        @Override public List<SessionEntry> sessionsOf(Jid bareJid) { return table.sessionsOf(bareJid); }
        @Override public List<SessionEntry> all() { return table.all(); }
        @Override public int size() { return table.size(); }
    }

    /** A healed split cluster: the other side removed this node's session and route; republish writes them back and announces the presence again. */
    @Test
    void republishWritesBackWhatTheTablesLostAndAnnouncesItAgain() throws Exception {
        Harness.FakeSession romeo = h.session("romeo@localhost/orchard", 5);
        h.session("romeo@localhost/garden", null);   // bound, never available: written back, not announced
        h.router.addComponent((from, to, stanza) -> { }, Harness.props(xmpp.core.route.Component.ROUTE, "rooms.localhost"));
        updates.clear();
        h.sessionTable.remove(romeo.jid(), "local");
        h.sessionTable.remove(Jid.of("romeo@localhost/garden"), "local");
        h.routeTable.remove("rooms.localhost", "local");

        h.router.republish();

        assertEquals(5, h.sessionTable.get(romeo.jid()).orElseThrow().priority());
        assertFalse(h.sessionTable.get(Jid.of("romeo@localhost/garden")).orElseThrow().available());
        assertEquals(Set.of("local"), h.routeTable.nodes("rooms.localhost"));
        assertAnnouncedAgain(romeo, "after republish");
    }

    /**
     * The cluster's services arrive one by one, in no set order: when the link to the other nodes
     * comes after the tables, the presence announced with the tables reached no other node, so it
     * is announced again.
     */
    @Test
    void aLinkToTheOtherNodesArrivingAnnouncesThePresenceAgain() throws Exception {
        Harness.FakeSession romeo = h.session("romeo@localhost/orchard", 5);
        updates.clear();

        h.router.setNodeLink((node, from, to, stanza) -> true);

        assertAnnouncedAgain(romeo, "after the link arrived");
    }

    private void assertAnnouncedAgain(Harness.FakeSession session, String when) throws InterruptedException {
        Element presence = session.next();
        assertEquals("presence", presence.name(), when + ": to the account's resources");
        assertEquals(session.jid().toString(), presence.attr("from"), when);
        assertEquals(List.of("update " + session.jid()), updates, when + ": to the listeners, which tell contacts, as an update");
        updates.clear();
    }

    private void assertDelivered(Harness.FakeSession to, String when) throws InterruptedException {
        h.route("<message from='juliet@example.org/balcony' to='romeo@localhost' type='chat' id='m'><body>hi</body></message>");
        assertEquals("m", to.next().attr("id"), when);
        assertNull(to.closedWith, when);
    }
}
