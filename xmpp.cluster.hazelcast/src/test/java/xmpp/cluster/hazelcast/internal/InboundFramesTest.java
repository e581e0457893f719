package xmpp.cluster.hazelcast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import xmpp.core.route.Router;
import xmpp.core.xml.Element;

/** Stanzas from another node while this node's store is slow: queued in order, then bounced, never lost unseen. */
class InboundFramesTest {

    final BlockingQueue<Element> routed = new LinkedBlockingQueue<>();
    final CountDownLatch slowStore = new CountDownLatch(1);
    final CountDownLatch storing = new CountDownLatch(1);

    final Router router = (from, to, stanza) -> {
        if ("slow".equals(stanza.attr("id"))) {
            storing.countDown();
            await(slowStore);
        }
        routed.add(stanza);
    };

    @Test
    void aFullLaneBouncesTheStanzaToItsSenderAndKeepsTheQueuedOnesInOrder() throws Exception {
        try (InboundFrames inbound = new InboundFrames(1, () -> router, () -> null)) {
            inbound.received("node-b", frame("slow"));
            storing.await();
            inbound.received("node-b", frame("queued"));
            inbound.received("node-b", frame("overflow"));

            Element bounce = routed.take();
            assertEquals("error", bounce.attr("type"));
            assertEquals("overflow", bounce.attr("id"));
            assertEquals("juliet@localhost/balcony", bounce.attr("from"));
            assertEquals("romeo@localhost/orchard", bounce.attr("to"));
            assertTrue(bounce.toXml().contains("resource-constraint"), bounce.toXml());

            slowStore.countDown();
            assertEquals("slow", routed.take().attr("id"));
            assertEquals("queued", routed.take().attr("id"));
        }
    }

    @Test
    void anOverflowingErrorIsNotAnsweredWithAnother() throws Exception {
        try (InboundFrames inbound = new InboundFrames(1, () -> router, () -> null)) {
            inbound.received("node-b", frame("slow"));
            storing.await();
            inbound.received("node-b", frame("queued"));
            inbound.received("node-b", TopicNodeLink.ROUTE + "\nromeo@localhost/orchard\njuliet@localhost/balcony\n"
                    + "<message type='error' id='err' to='juliet@localhost/balcony'/>");
            slowStore.countDown();
            assertEquals("slow", routed.take().attr("id"));
            assertEquals("queued", routed.take().attr("id"), "nothing was routed for the overflowing error");
        }
    }

    private static String frame(String id) {
        return TopicNodeLink.ROUTE + "\nromeo@localhost/orchard\njuliet@localhost/balcony\n"
                + "<message type='chat' id='" + id + "' from='romeo@localhost/orchard' to='juliet@localhost/balcony'><body>hi</body></message>";
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
