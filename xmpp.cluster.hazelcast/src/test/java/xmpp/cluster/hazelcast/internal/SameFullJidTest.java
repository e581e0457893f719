package xmpp.cluster.hazelcast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static xmpp.cluster.hazelcast.internal.TwoNodeClusterTest.await;
import static xmpp.cluster.hazelcast.internal.TwoNodeClusterTest.freePort;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import xmpp.cluster.hazelcast.internal.TwoNodeClusterTest.Node;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/**
 * RFC 6120 7.7.2.2 across nodes: a login with a full JID bound on another node replaces the older
 * session there, as a second login on one node does (the older one ends with conflict).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SameFullJidTest {

    Node a;
    Node b;

    @BeforeAll
    void start() throws Exception {
        int portA = freePort();
        int portB = freePort();
        List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
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
    void aLoginOnAnotherNodeWithABoundFullJidClosesTheOlderSessionWithConflict() throws Exception {
        Jid jid = Jid.of("tybalt@localhost/street");
        Closable older = new Closable(jid);
        a.router.bind(older);
        a.router.presence(older, XmlStreams.parseElement("<presence from='tybalt@localhost/street'/>"));
        Closable newer = new Closable(jid);
        b.router.bind(newer);

        assertEquals(StreamError.Condition.CONFLICT, older.closedWith(), "the older session, on a");
        assertEquals(Optional.empty(), a.router.session(jid), "a no longer holds it");
        await(() -> a.sessions.sessionsOf(jid.bare()).stream().map(SessionEntry::node).toList().equals(List.of("b")),
                "one session under that full JID, the newer one on b: " + a.sessions.sessionsOf(jid.bare()));
        a.router.unbind(older);   // what its connection does as it closes: it takes nothing of the newer one with it
        a.route("<message from='mercutio@localhost/x' to='tybalt@localhost/street' type='chat' id='to-newer'/>");
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
}
