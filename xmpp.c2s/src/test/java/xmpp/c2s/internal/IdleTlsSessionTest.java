package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.spi.stream.StreamLimits;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.spi.stream.StreamReader;
import xmpp.core.xml.Element;

/**
 * What an idle, logged-in TLS session costs the heap: its TLS state, its parser and its session,
 * and no buffers for records that are not being read or written. Before, JSSE's {@code SSLSocket}
 * kept some 20 KB of record buffers per connection for its whole life.
 *
 * <p>The clients share the heap, so they are as lean as they can be: TLS through the same
 * {@link TlsStream} in client mode, their parser closed once bound. Measured here, server and
 * client together: 33.8 KB a session with {@code SSLSocket} and 2 KB parser buffers, 23 KB after;
 * 15.6 KB once an idle stream held no parser (Woodstox's reader, its buffers and symbol table,
 * and the reader's thread parked deep inside it: {@code StreamReader} drops the parser when idle).
 * Since a parser is kept for a second or two of idleness, the test runs the listener's periodic
 * check twice before it measures, as an idle second of a real server would. 12.0 KB once a silent
 * client's reading thread left too (its parked stack; see {@link IdleReaders}), which the test
 * waits for.
 */
class IdleTlsSessionTest {

    static final int SESSIONS = 300;
    static final StreamParser PARSER = new StreamParser(StreamLimits.DEFAULT);
    static final RecordBuffers CLIENT_BUFFERS = new RecordBuffers();

    record Client(Socket socket, TlsStream tls) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void anIdleTlsSessionHoldsNoRecordBuffers() throws Exception {
        try (TestServer server = new TestServer()) {
            Settings s = TestServer.settings();
            C2SListener listener = server.listen(new Settings(s.address(), 0, true, true, false, s.maxStanzaBytes(), s.authTimeout(),
                    s.maxAuthFailures(), 10_000, 10_000, s.maxFailedLoginsPerIp(), s.failedLoginsWindow(), s.maxQueuedStanzas(),
                    s.maxQueuedBytes(), s.keepalive(), s.writeTimeout()));
            for (int i = 0; i < SESSIONS + 20; i++) server.users.create(Jid.of("idle" + i + "@localhost"), "pw");
            SSLContext tls = server.tlsClient();
            List<Client> clients = new ArrayList<>();
            try {
                // Classes loaded, and every account read once, so that the database's cache is full before the measurement.
                for (int i = 0; i < SESSIONS; i++) loggedIn(listener.port(), tls, "idle" + i).close();
                for (int i = SESSIONS; i < SESSIONS + 20; i++) clients.add(loggedIn(listener.port(), tls, "idle" + i));
                while (listener.openConnections() > 20) Thread.sleep(10);   // the server has seen every close
                long before = Heap.usedAfterGc();
                for (int i = 0; i < SESSIONS; i++) clients.add(loggedIn(listener.port(), tls, "idle" + i));
                idleForTwoChecks(listener);
                while (listener.idleReaders() < SESSIONS + 20) Thread.sleep(20);   // every reading thread gone
                long perSession = (Heap.usedAfterGc() - before) / SESSIONS;
                assertTrue(perSession < 14 * 1024, "an idle TLS session, server and client together, holds " + perSession + " bytes");
            } finally {
                for (Client c : clients) c.close();
            }
        }
    }

    /** The listener's periodic check, twice: every stream waiting since the first lets its parser go at the second. */
    static void idleForTwoChecks(C2SListener listener) {
        listener.checkConnections();
        listener.checkConnections();
    }

    /** Direct TLS, PLAIN, bound; then only the socket and the TLS state stay. */
    static Client loggedIn(int port, SSLContext context, String user) throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        SSLEngine engine = context.createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
        TlsStream tls = new TlsStream(engine, socket.getInputStream(), socket.getOutputStream(), CLIENT_BUFFERS);
        try (StreamReader reader = PARSER.open(tls.in())) {
            send(tls, RawClient.HEADER.formatted("localhost"));
            reader.readHeader();
            reader.nextStanza();
            String credentials = Base64.getEncoder().encodeToString(("\0" + user + "\0pw").getBytes(StandardCharsets.UTF_8));
            send(tls, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + credentials + "</auth>");
            assertEquals("success", reader.nextStanza().name());
            send(tls, RawClient.HEADER.formatted("localhost"));
            reader.readHeader();
            reader.nextStanza();
            send(tls, "<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            Element bound = reader.nextStanza();
            assertEquals("result", bound.attr("type"), bound.toString());
        }
        return new Client(socket, tls);
    }

    private static void send(TlsStream tls, String xml) throws IOException {
        tls.out().write(xml.getBytes(StandardCharsets.UTF_8));
    }
}
