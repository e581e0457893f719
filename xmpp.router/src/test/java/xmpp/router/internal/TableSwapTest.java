package xmpp.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import xmpp.core.spi.route.SessionEntry;

/**
 * The cluster's tables arrive and leave (etc/xmpp.cluster.cfg changed, the Hazelcast member
 * restarted) while clients are connected: DS binds the better-ranked table on the running router
 * (and only then unbinds the other, which the router ignores). No session is closed, and this node's sessions and routes are
 * published into whichever table is bound.
 */
class TableSwapTest {

    final Harness h = new Harness();

    @Test
    void aSessionSurvivesTheClusterTablesArrivingAndLeaving() throws Exception {
        Harness.FakeSession romeo = h.session("romeo@localhost/orchard", 5);
        h.router.addComponent((from, to, stanza) -> { }, Harness.props(xmpp.core.route.Component.ROUTE, "rooms.localhost"));

        InMemorySessionTable clusterSessions = new InMemorySessionTable();
        InMemoryRouteTable clusterRoutes = new InMemoryRouteTable();
        h.router.setSessionTable(clusterSessions);
        h.router.setRouteTable(clusterRoutes);

        SessionEntry published = clusterSessions.get(romeo.jid()).orElseThrow();
        assertTrue(published.available(), "the session's presence went with it");
        assertEquals(5, published.priority());
        assertEquals(h.routeTable.nodes("rooms.localhost"), clusterRoutes.nodes("rooms.localhost"), "this node's component route went with it");
        assertEquals(1, clusterRoutes.nodes("rooms.localhost").size());
        assertDelivered(romeo, "after the cluster's tables arrived");

        InMemorySessionTable singleNode = new InMemorySessionTable();
        h.router.setSessionTable(singleNode);
        assertTrue(singleNode.get(romeo.jid()).isPresent());
        assertDelivered(romeo, "after the cluster's tables left");

        h.router.unbind(romeo);
        assertTrue(singleNode.get(romeo.jid()).isEmpty(), "the session leaves the table bound now");
        assertNull(romeo.closedWith, "no table change closed the session");
    }

    private void assertDelivered(Harness.FakeSession to, String when) throws InterruptedException {
        h.route("<message from='juliet@example.org/balcony' to='romeo@localhost' type='chat' id='m'><body>hi</body></message>");
        assertEquals("m", to.next().attr("id"), when);
        assertNull(to.closedWith, when);
    }
}
