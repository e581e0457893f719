package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import xmpp.core.xml.Element;

/**
 * A client that opens and closes connections in a loop: once they are closed the server holds
 * nothing for them (before, each kept its buffers until its login deadline, 60 s later), and
 * it still serves.
 */
class ConnectionChurnTest {

    static final int CONNECTIONS = 20_000;
    // 20,000 connections kept until their deadline held some 200 MB without TLS, more with it.
    static final long TOLERANCE = 16 << 20;

    interface Client {
        RawClient connect(int port) throws Exception;
    }

    @Test
    void openingAndClosingWithoutTlsLeavesTheHeapFlat() throws Exception {
        try (TestServer server = new TestServer()) {
            C2SListener listener = server.listen(churn(TestServer.settings(), false));
            churn(listener, RawClient::connect);
            try (RawClient c = RawClient.loggedIn(listener.port(), server, "romeo", "pencil", "after")) {
                assertStillServed(c, "romeo@localhost/after");
            }
        }
    }

    @Test
    void openingAndClosingWithTlsLeavesTheHeapFlat() throws Exception {
        try (TestServer server = new TestServer()) {
            C2SListener listener = server.listen(churn(TestServer.settings(), true));
            SSLContext tls = server.tlsClient();
            churn(listener, port -> RawClient.connectTls(port, tls));
            try (RawClient c = RawClient.connectTls(listener.port(), tls)) {
                c.openStream("localhost");
                assertEquals("success", c.plain("romeo", "pencil").name());
                c.bind("after");
                assertStillServed(c, "romeo@localhost/after");
            }
        }
    }

    /** The login deadline at its default, which is what kept closed connections; room for closes the server has yet to see. */
    private static Settings churn(Settings s, boolean directTls) {
        return new Settings(s.address(), 0, directTls, true, false, s.maxStanzaBytes(), Duration.ofSeconds(60), s.maxAuthFailures(),
                s.maxConnections(), 10_000, s.maxFailedLoginsPerIp(), s.failedLoginsWindow(), s.maxQueuedStanzas(), s.maxQueuedBytes(), s.keepalive(), s.writeTimeout());
    }

    private static void churn(C2SListener listener, Client client) throws Exception {
        openAndClose(listener, client, 500);   // warm up: classes loaded, caches filled
        long before = Heap.usedAfterGc();
        openAndClose(listener, client, CONNECTIONS);
        long after = Heap.usedAfterGc();
        assertTrue(after - before < TOLERANCE, CONNECTIONS + " connections opened and closed: the heap grew by "
                + ((after - before) >> 10) + " KiB, from " + (before >> 20) + " MiB");
    }

    /** Each opens a stream and reads the features, then drops the connection; then the server must have seen every close. */
    private static void openAndClose(C2SListener listener, Client client, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            try (RawClient c = client.connect(listener.port())) {
                c.openStream("localhost");
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (listener.openConnections() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(0, listener.openConnections(), "every connection closed on the server too");
    }

    private static void assertStillServed(RawClient c, String jid) throws Exception {
        c.send("<message to='" + jid + "' id='hello'><body>still here</body></message>");
        Element e;
        do {
            e = c.next();
        } while (!"hello".equals(e.attr("id")));
        assertEquals("still here", e.child("body").orElseThrow().text());
    }
}
