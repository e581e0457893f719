package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.spi.metrics.ServerProbe;
import xmpp.core.spi.metrics.SessionTransport;

/** What the client listener tells a metrics bundle: each authentication's outcome, and what carries each session. */
class ServerProbeTest {

    final List<String> told = new CopyOnWriteArrayList<>();
    final ServerProbe probe = new ServerProbe() {
        @Override
        public void iqAnswered(String namespace, long nanos) {
        }

        @Override
        public void authenticated(String mechanism, boolean success) {
            told.add(mechanism + (success ? " ok" : " failed"));
        }
    };
    TestServer server;
    C2SListener listener;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        listener = server.listen(TestServer.settings());
        listener.setProbe(probe);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void eachAuthenticationIsToldWithItsMechanismAndOutcome() throws Exception {
        try (RawClient c = RawClient.connect(listener.port())) {
            c.openStream("localhost");
            c.starttls(server.tlsClient());
            c.openStream("localhost");
            assertEquals("failure", c.plain("romeo", "wrong").name());
            assertEquals("success", c.plain("romeo", "pencil").name());
        }
        assertEquals(List.of("PLAIN failed", "PLAIN ok"), told);
    }

    @Test
    void aFailureIsToldBeforeTheClientLearnsIt() throws Exception {
        // A probe slow to record: had the failure been written first, the client would see it before the count.
        listener.setProbe(new ServerProbe() {
            @Override
            public void iqAnswered(String namespace, long nanos) {
            }

            @Override
            public void authenticated(String mechanism, boolean success) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                probe.authenticated(mechanism, success);
            }
        });
        try (RawClient c = RawClient.connect(listener.port())) {
            c.openStream("localhost");
            c.starttls(server.tlsClient());
            c.openStream("localhost");
            assertEquals("failure", c.plain("romeo", "wrong").name());
            assertEquals(List.of("PLAIN failed"), told, "counted by the time the client reads the failure");
        }
    }

    @Test
    void anAbortIsNoFailedAuthentication() throws Exception {
        try (RawClient c = RawClient.connect(listener.port())) {
            c.openStream("localhost");
            c.starttls(server.tlsClient());
            c.openStream("localhost");
            c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'/>");
            assertEquals("challenge", c.next().name());
            c.send("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
            assertEquals("failure", c.next().name());
        }
        assertEquals(List.of(), told);
    }

    @Test
    void aClientSessionSaysItIsCarriedOverTcp() throws Exception {
        try (RawClient c = RawClient.loggedIn(listener.port(), server, "juliet", "wherefore", "balcony")) {
            var session = server.router.session(Jid.of("juliet@localhost/balcony")).orElseThrow();
            assertEquals("tcp", SessionTransport.of(session));
        }
    }
}
