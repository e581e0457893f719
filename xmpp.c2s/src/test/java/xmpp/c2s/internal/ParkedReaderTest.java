package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/**
 * A bound session whose client is silent for a while waits without a reading thread, its socket
 * watched by the listener's {@link IdleReaders}; nothing of its stream is lost by that, whatever
 * comes first: the client's next stanza, a stanza for it, its close, or the server's.
 */
@Timeout(60)
class ParkedReaderTest {

    @Test
    void aSilentClientsReaderLeavesAndItsNextStanzaIsStillRead() throws Exception {
        try (TestServer server = new TestServer()) {
            C2SListener listener = server.listen(TestServer.settings());
            try (RawClient romeo = RawClient.loggedIn(listener.port(), server, "romeo", "pencil", "r")) {
                awaitParked(listener, 1);
                romeo.send("<message to='romeo@localhost/r' id='m1'><body>after a pause</body></message>");
                Element back = romeo.next();
                assertEquals("m1", back.attr("id"));
                assertEquals("after a pause", back.child("body").map(Element::text).orElse(""));
                awaitParked(listener, 1);   // silent again: it leaves again
                romeo.send("<message to='romeo@localhost/r' id='m2'/>");
                assertEquals("m2", romeo.next().attr("id"));
            }
        }
    }

    @Test
    void stanzasForAParkedSessionReachItIncludingMoreThanItsSocketHolds() throws Exception {
        try (TestServer server = new TestServer()) {
            C2SListener listener = server.listen(TestServer.settings());
            try (RawClient romeo = RawClient.loggedIn(listener.port(), server, "romeo", "pencil", "r");
                 RawClient juliet = RawClient.loggedIn(listener.port(), server, "juliet", "wherefore", "j")) {
                awaitParked(listener, 2);
                String body = "x".repeat(20_000);
                // 3 MB, which romeo does not read yet: about what the socket buffers take at most on loopback (4 MiB
                // for the server's side once grown), so a write very likely finds them full; less than the queue's 4 MiB.
                int count = 150;
                for (int i = 0; i < count; i++) juliet.send("<message to='romeo@localhost/r' id='" + i + "'><body>" + body + "</body></message>");
                for (int i = 0; i < count; i++) assertEquals(String.valueOf(i), romeo.next().attr("id"));
            }
        }
    }

    @Test
    void aClientThatLeavesWhileParkedEndsItsConnection() throws Exception {
        try (TestServer server = new TestServer()) {
            C2SListener listener = server.listen(TestServer.settings());
            RawClient romeo = RawClient.loggedIn(listener.port(), server, "romeo", "pencil", "r");
            awaitParked(listener, 1);
            romeo.close();
            while (listener.openConnections() > 0) Thread.sleep(10);
            assertEquals(0, listener.idleReaders());
        }
    }

    @Test
    void theServerClosesParkedSessionsWithAStreamError() throws Exception {
        try (TestServer server = new TestServer()) {
            C2SListener listener = server.listen(TestServer.settings());
            try (RawClient romeo = RawClient.loggedIn(listener.port(), server, "romeo", "pencil", "r")) {
                awaitParked(listener, 1);
                listener.close();
                assertEquals(StreamError.Condition.SYSTEM_SHUTDOWN, romeo.streamError().condition());
                assertTrue(romeo.isClosedByServer());
                assertEquals(0, listener.openConnections(), "the parked connection was cleaned up before the listener stopped");
            }
        }
    }

    /** Until {@code n} connections wait without a reading thread: some 2 s after their clients' last bytes. */
    private static void awaitParked(C2SListener listener, int n) throws InterruptedException {
        while (listener.idleReaders() != n) Thread.sleep(20);
    }
}
