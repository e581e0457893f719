package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/** Smack, a real client library, against the listener over real sockets. */
class SmackClientTest {

    static TestServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        port = server.listen(TestServer.settings()).port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static XMPPTCPConnection connect(String user, String password, String resource, String mechanism) throws Exception {
        return connect(server, port, user, password, resource, mechanism);
    }

    /** A Smack TCP client of the listener on {@code port} of {@code server}. */
    static XMPPTCPConnection connect(TestServer server, int port, String user, String password, String resource, String mechanism) throws Exception {
        SmackConfiguration.DEBUG = false;
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain("localhost")
                .setHostAddress(InetAddress.getLoopbackAddress())
                .setPort(port)
                .setUsernameAndPassword(user, password)
                .setResource(resource)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(server.trust())
                .addEnabledSaslMechanism(mechanism)
                .build();
        XMPPTCPConnection c = new XMPPTCPConnection(config);
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);   // no roster module yet
        c.connect();
        c.login();
        return c;
    }

    // Not SCRAM-SHA-1-PLUS: Smack 4.5.0-beta5 hashes the server certificate with a digest named
    // after the certificate's key algorithm ("EC", "RSA"), which does not exist, so its
    // tls-server-end-point never works. RawClientTest covers -PLUS with both channel bindings.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PLAIN", "SCRAM-SHA-1"})
    void logsInOverStartTlsWithTheGeneratedCertificate(String mechanism) throws Exception {
        XMPPTCPConnection c = connect("romeo", "pencil", "orchard-" + mechanism, mechanism);
        try {
            assertTrue(c.isSecureConnection(), "STARTTLS with the self-signed certificate made for localhost");
            assertTrue(c.isAuthenticated());
            assertEquals(mechanism, c.getUsedSaslMechansism());
            assertEquals("romeo@localhost/orchard-" + mechanism, c.getUser().toString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void aWrongPasswordIsNotAuthorized() {
        SASLErrorException e = assertThrows(SASLErrorException.class, () -> connect("romeo", "wrong", "x", "SCRAM-SHA-1"));
        assertEquals("not-authorized", e.getSASLFailure().getSASLErrorString());
        SASLErrorException unknown = assertThrows(SASLErrorException.class, () -> connect("nobody", "pencil", "x", "SCRAM-SHA-1"));
        assertEquals("not-authorized", unknown.getSASLFailure().getSASLErrorString(), "no hint whether the account exists");
    }

    @Test
    void twoUsersExchangeMessages() throws Exception {
        XMPPTCPConnection romeo = connect("romeo", "pencil", "garden", "SCRAM-SHA-1");
        XMPPTCPConnection juliet = connect("juliet", "wherefore", "balcony", "PLAIN");
        try {
            StanzaCollector julietGets = juliet.createStanzaCollector(StanzaTypeFilter.MESSAGE);
            StanzaCollector romeoGets = romeo.createStanzaCollector(StanzaTypeFilter.MESSAGE);
            romeo.sendStanza(MessageBuilder.buildMessage("m1").to(JidCreate.from("juliet@localhost/balcony"))
                    .ofType(Message.Type.chat).setBody("Wherefore art thou?").build());
            Message got = julietGets.nextResultOrThrow(5000);
            assertEquals("Wherefore art thou?", got.getBody());
            assertEquals("romeo@localhost/garden", got.getFrom().toString(), "from stamped by the server");
            juliet.sendStanza(MessageBuilder.buildMessage("m2").to(got.getFrom()).ofType(Message.Type.chat).setBody("Here!").build());
            assertEquals("Here!", romeoGets.<Message>nextResultOrThrow(5000).getBody());
        } finally {
            romeo.disconnect();
            juliet.disconnect();
        }
    }

    @Test
    void presenceReachesTheOtherUser() throws Exception {
        XMPPTCPConnection romeo = connect("romeo", "pencil", "street", "SCRAM-SHA-1");
        XMPPTCPConnection juliet = connect("juliet", "wherefore", "window", "SCRAM-SHA-1");
        try {
            StanzaCollector julietGets = juliet.createStanzaCollector(StanzaTypeFilter.PRESENCE);
            // To the full JID: to the bare JID it would reach Juliet only once the server has
            // processed her initial presence, which Smack does not wait for (RFC 6121 8.5.2.1).
            romeo.sendStanza(PresenceBuilder.buildPresence().to(JidCreate.from("juliet@localhost/window")).setStatus("under your window")
                    .setMode(Presence.Mode.away).build());
            Presence p;
            do {
                p = julietGets.nextResult(5000);
                assertNotNull(p, "no presence from romeo within 5 s");
            } while (!p.getFrom().toString().equals("romeo@localhost/street"));
            assertEquals("under your window", p.getStatus());
            assertEquals(Presence.Mode.away, p.getMode());
        } finally {
            romeo.disconnect();
            juliet.disconnect();
        }
    }

    @Test
    void aSecondLoginWithTheSameResourceReplacesTheFirst() throws Exception {
        XMPPTCPConnection first = connect("romeo", "pencil", "twice", "SCRAM-SHA-1");
        CompletableFuture<Exception> closed = new CompletableFuture<>();
        first.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closed.complete(e);
            }
        });
        XMPPTCPConnection second = connect("romeo", "pencil", "twice", "SCRAM-SHA-1");
        try {
            Exception e = closed.get(5, TimeUnit.SECONDS);
            XMPPException.StreamErrorException streamError = assertInstanceOf(XMPPException.StreamErrorException.class, e);
            assertEquals(StreamError.Condition.conflict, streamError.getStreamError().getCondition());
            assertTrue(second.isAuthenticated());
            assertNotNull(server.router.session(xmpp.core.jid.Jid.of("romeo@localhost/twice")).orElse(null), "the new session is bound");
        } finally {
            second.disconnect();
        }
    }
}
