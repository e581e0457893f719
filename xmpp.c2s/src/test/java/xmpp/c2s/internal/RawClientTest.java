package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import xmpp.core.spi.auth.ScramMechanism;
import xmpp.core.stream.StreamError.Condition;
import xmpp.core.xml.Element;

/** Negotiation details and hostile input, byte by byte over raw sockets; each bad input gets its exact stream error. */
class RawClientTest {

    static TestServer server;
    static int starttls;
    static int directTls;
    static int impatient;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        starttls = server.listen(TestServer.settings()).port();
        Settings s = TestServer.settings();
        directTls = server.listen(new Settings(s.address(), 0, true, true, false, s.maxStanzaBytes(), s.authTimeout(), s.maxAuthFailures(),
                s.maxConnections(), s.maxUnauthenticatedPerIp(), s.maxFailedLoginsPerIp(), s.failedLoginsWindow(), s.maxQueuedStanzas(), s.maxQueuedBytes(), s.keepalive(), s.writeTimeout())).port();
        impatient = server.listen(new Settings(s.address(), 0, false, true, false, 10_000, Duration.ofSeconds(1), s.maxAuthFailures(),
                s.maxConnections(), s.maxUnauthenticatedPerIp(), s.maxFailedLoginsPerIp(), s.failedLoginsWindow(), s.maxQueuedStanzas(), s.maxQueuedBytes(), s.keepalive(), s.writeTimeout())).port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> mechanisms(Element features) {
        return features.child("mechanisms", Connection.SASL_NS).orElseThrow().elements().stream().map(Element::text).toList();
    }

    @Test
    void featuresBeforeTlsOfferOnlyRequiredStartTls() throws Exception {
        try (RawClient c = RawClient.connect(starttls)) {
            Element features = c.openStream("localhost");
            assertTrue(features.child("starttls", Connection.TLS_NS).orElseThrow().child("required").isPresent());
            assertTrue(features.child("mechanisms", Connection.SASL_NS).isEmpty(), "no authentication before TLS");
            assertEquals("failure", c.plain("romeo", "pencil").name(), "and PLAIN in the clear is refused");
            c.starttls(server.tlsClient());
            Element afterTls = c.openStream("localhost");
            assertTrue(afterTls.child("starttls", Connection.TLS_NS).isEmpty());
            assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"), mechanisms(afterTls));
            List<String> bindings = afterTls.child("sasl-channel-binding", Connection.CHANNEL_BINDING_NS).orElseThrow().elements()
                    .stream().map(e -> e.attr("type")).toList();
            assertEquals(List.of("tls-exporter", "tls-server-end-point"), bindings, "XEP-0440");
        }
    }

    /** A client on the STARTTLS port, encrypted, at the features where it may authenticate. */
    private RawClient encrypted() throws Exception {
        RawClient c = RawClient.connect(starttls);
        c.openStream("localhost");
        c.starttls(server.tlsClient());
        c.openStream("localhost");
        return c;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"SHA_256,", "SHA_1,", "SHA_256,tls-exporter", "SHA_256,tls-server-end-point", "SHA_1,tls-exporter", "SHA_1,tls-server-end-point"})
    void scramWithAndWithoutChannelBinding(ScramMechanism m, String binding) throws Exception {
        try (RawClient c = encrypted()) {
            Element result = c.scram(m, binding, "romeo", "pencil");
            assertEquals("success", result.name(), result.toString());
            assertEquals("romeo@localhost/raw", c.bind("raw"));
        }
    }

    @Test
    void scramFailsForAWrongPasswordAndForAnUnknownUserAlike() throws Exception {
        try (RawClient c = encrypted()) {
            Element wrong = c.scram(ScramMechanism.SHA_256, "tls-exporter", "romeo", "wrong");
            assertEquals("not-authorized", wrong.firstElement().orElseThrow().name());
            Element unknown = c.scram(ScramMechanism.SHA_256, null, "nobody", "pencil");
            assertEquals("not-authorized", unknown.firstElement().orElseThrow().name(), "a made-up salt, then the same failure");
        }
    }

    @Test
    void aClientThatSaysItCouldBindThoughBindingWasOfferedIsADowngrade() throws Exception {
        try (RawClient c = encrypted()) {
            Element refused = c.scram(ScramMechanism.SHA_256, "y", "romeo", "pencil");
            assertEquals("not-authorized", refused.firstElement().orElseThrow().name(), "RFC 5802 section 6");
        }
    }

    /** slixmpp 1.8's way in: -PLUS with tls-unique (which TLS 1.3 lacks), refused, then "y": it saw the offer, so no downgrade. */
    @Test
    void aClientWhoseBindingTypeWeLackMayGoOnWithoutBinding() throws Exception {
        try (RawClient c = encrypted()) {
            assertEquals("not-authorized", c.scram(ScramMechanism.SHA_256, "tls-unique", "romeo", "pencil").firstElement().orElseThrow().name());
            assertEquals("not-authorized", c.scram(ScramMechanism.SHA_1, "tls-unique", "romeo", "pencil").firstElement().orElseThrow().name());
            Element result = c.scram(ScramMechanism.SHA_256, "y", "romeo", "pencil");
            assertEquals("success", result.name(), "the refused binding types count as no failed login either: " + result);
            assertEquals("romeo@localhost/slix", c.bind("slix"));
        }
    }

    @Test
    void directTlsWithAlpn() throws Exception {
        try (RawClient c = RawClient.connectTls(directTls, server.tlsClient())) {
            assertEquals("xmpp-client", c.tlsSocket().getApplicationProtocol(), "XEP-0368");
            Element features = c.openStream("localhost");
            assertTrue(features.child("starttls", Connection.TLS_NS).isEmpty(), "already TLS");
            assertEquals("success", c.plain("juliet", "wherefore").name());
            assertEquals("juliet@localhost/direct", c.bind("direct"));
        }
    }

    @Test
    void malformedXml() throws Exception {
        try (RawClient c = RawClient.connect(starttls)) {
            c.openStream("localhost");
            c.send("<message><body>oops</message>");
            assertEquals(Condition.NOT_WELL_FORMED, c.streamError().condition());
        }
    }

    @Test
    void aStanzaBeforeAuthentication() throws Exception {
        try (RawClient c = RawClient.connect(starttls)) {
            c.openStream("localhost");
            c.send("<message to='juliet@localhost'><body>let me in</body></message>");
            assertEquals(Condition.NOT_AUTHORIZED, c.streamError().condition());
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void anOversizeStanza() throws Exception {
        try (RawClient c = RawClient.connect(impatient)) {
            c.openStream("localhost");
            c.send("<message><body>" + "x".repeat(20_000) + "</body></message>");
            assertEquals(Condition.POLICY_VIOLATION, c.streamError().condition());
        }
    }

    @Test
    void anUnknownHost() throws Exception {
        try (RawClient c = RawClient.connect(starttls)) {
            c.send(RawClient.HEADER.formatted("elsewhere.example"));
            assertEquals(Condition.HOST_UNKNOWN, c.streamErrorAfterHeader().condition());
        }
    }

    @Test
    void aWrongContentNamespaceAndAnOldVersion() throws Exception {
        try (RawClient c = RawClient.connect(starttls)) {
            c.send("<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' to='localhost'>");
            assertEquals(Condition.INVALID_NAMESPACE, c.streamErrorAfterHeader().condition());
        }
        try (RawClient c = RawClient.connect(starttls)) {
            c.send("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost'>");
            assertEquals(Condition.UNSUPPORTED_VERSION, c.streamErrorAfterHeader().condition());
        }
    }

    @Test
    void aSpoofedFromIsInvalidFrom() throws Exception {
        try (RawClient c = RawClient.loggedIn(starttls, server, "romeo", "pencil", "spoof")) {
            c.send("<message from='juliet@localhost/balcony' to='romeo@localhost'><body>it is I, Juliet</body></message>");
            assertEquals(Condition.INVALID_FROM, c.streamError().condition());
        }
    }

    @Test
    void aClientThatSaysNothingIsClosedAfterTheTimeout() throws Exception {
        try (RawClient c = RawClient.connect(impatient)) {
            long start = System.nanoTime();
            assertEquals(Condition.CONNECTION_TIMEOUT, c.streamErrorAfterHeader().condition());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(8).toNanos());
        }
    }

    @Test
    void tenThousandBytesOfGarbage() throws Exception {
        byte[] garbage = new byte[10_000];
        new Random(7).nextBytes(garbage);
        garbage[0] = 'x';   // not '<': no XML declaration to misread
        try (RawClient c = RawClient.connect(starttls)) {
            c.send(garbage);
            assertEquals(Condition.NOT_WELL_FORMED, c.streamErrorAfterHeader().condition());
        }
    }

    @Test
    void tooManyFailedAuthentications() throws Exception {
        try (RawClient c = encrypted()) {
            assertEquals("failure", c.plain("romeo", "one").name());
            assertEquals("failure", c.plain("romeo", "two").name());
            assertEquals("failure", c.plain("romeo", "three").name());
            assertEquals(Condition.POLICY_VIOLATION, c.streamError().condition());
        }
    }

    @Test
    void aClientThatStopsReadingLosesItsSessionAndNobodyElseDoes() throws Exception {
        try (RawClient reader = RawClient.loggedIn(starttls, server, "juliet", "wherefore", "asleep");
             RawClient writer = RawClient.loggedIn(starttls, server, "romeo", "pencil", "awake")) {
            // juliet reads nothing from now on; headlines to her are dropped once she is gone, so romeo gets no bounces
            String body = "z".repeat(4096);
            xmpp.core.jid.Jid asleep = xmpp.core.jid.Jid.of("juliet@localhost/asleep");
            for (int i = 0; i < 20_000 && server.router.session(asleep).isPresent(); i++)
                writer.send("<message type='headline' to='juliet@localhost/asleep'><body>" + body + "</body></message>");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (server.router.session(asleep).isPresent() && System.nanoTime() < deadline) Thread.sleep(20);
            assertFalse(server.router.session(asleep).isPresent(), "the slow reader's session is closed");
            writer.send("<message to='romeo@localhost/awake' id='still-here'><body>ping</body></message>");
            Element echo;
            do {
                echo = writer.next();
            } while (!"still-here".equals(echo.attr("id")));
            assertEquals("ping", echo.child("body").orElseThrow().text(), "the sender's session goes on");
        }
    }

    @Test
    void onlyConnectionsThatHaveNotLoggedInCountAgainstTheirAddress() throws Exception {
        Settings s = TestServer.settings();
        int port = server.listen(new Settings(s.address(), 0, false, true, false, s.maxStanzaBytes(), s.authTimeout(), s.maxAuthFailures(),
                s.maxConnections(), 2, s.maxFailedLoginsPerIp(), s.failedLoginsWindow(), s.maxQueuedStanzas(), s.maxQueuedBytes(), s.keepalive(), s.writeTimeout())).port();
        try (RawClient romeo = RawClient.loggedIn(port, server, "romeo", "pencil", "limit1");
             RawClient juliet = RawClient.loggedIn(port, server, "juliet", "wherefore", "limit2");
             RawClient one = RawClient.connect(port); RawClient two = RawClient.connect(port); RawClient three = RawClient.connect(port)) {
            assertTrue(three.isClosedByServer(), "the third from one address that has not logged in is refused");
            assertTrue(one.openStream("localhost").child("starttls", Connection.TLS_NS).isPresent(), "the first two are served");
            assertTrue(two.openStream("localhost").child("starttls", Connection.TLS_NS).isPresent());
        }
    }

    /** ejabberd's mod_fail2ban: too many failed logins from one address, and it may not log in for a while. */
    @Test
    void failedLoginsFromOneAddressAreThrottled() throws Exception {
        Settings s = TestServer.settings();
        int port = server.listen(s).port();   // a listener of its own: this test bans 127.0.0.1 there
        try (RawClient early = RawClient.connect(port)) {
            early.openStream("localhost");
            early.starttls(server.tlsClient());
            early.openStream("localhost");
            for (int failed = 0; failed < 20; ) {
                try (RawClient c = RawClient.connect(port)) {
                    c.openStream("localhost");
                    c.starttls(server.tlsClient());
                    c.openStream("localhost");
                    for (int i = 0; i < s.maxAuthFailures() && failed < 20; i++, failed++)
                        assertEquals("failure", c.plain("romeo", "guess" + failed).name());
                }
            }
            try (RawClient late = RawClient.connect(port)) {
                assertTrue(late.isClosedByServer(), "a new connection from the banned address is refused");
            }
            early.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + java.util.Base64.getEncoder().encodeToString("\0romeo\0pencil".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "</auth>");
            assertEquals(Condition.POLICY_VIOLATION, early.streamError().condition(), "even the right password, on a connection opened before");
        }
    }

    @Test
    void aStanzaOfManySmallElementsIsAPolicyViolation() throws Exception {
        try (RawClient c = RawClient.connect(starttls)) {
            c.openStream("localhost");
            c.send("<message>" + "<a/>".repeat(5000) + "</message>");   // 20 KB, far below the size limit
            assertEquals(Condition.POLICY_VIOLATION, c.streamError().condition());
        }
    }

    /** Its deadline must go with it: it held the connection's buffers, and logged a timeout that never was. */
    @Test
    void aConnectionClosedBeforeLoggingInIsNotTimedOutLater() throws Exception {
        try (LoggedLines logged = LoggedLines.of(Connection.class)) {
            String gone;
            try (RawClient c = RawClient.connect(impatient)) {
                c.openStream("localhost");
                gone = c.peerName();
            }
            try (RawClient silent = RawClient.connect(impatient)) {   // its deadline comes after the first one's
                assertEquals(Condition.CONNECTION_TIMEOUT, silent.streamErrorAfterHeader().condition());
                String silentName = silent.peerName();
                List<String> timeouts = logged.matching(l -> l.contains("did not log in"));
                assertTrue(timeouts.stream().anyMatch(l -> l.startsWith(silentName + " ")), "the silent one timed out: " + timeouts);
            }
            List<String> timeouts = logged.matching(l -> l.contains("did not log in"));
            assertTrue(timeouts.stream().noneMatch(l -> l.startsWith(gone + " ")), "the closed one did not: " + timeouts);
        }
    }

    /** A client that reads nothing, with its queue below the limits: its writer must not be held forever. */
    @Test
    void aWriterThatMakesNoProgressIsClosedAndWhatWaitedGoesElsewhere() throws Exception {
        Settings s = TestServer.settings();
        int port = server.listen(new Settings(s.address(), 0, false, true, false, s.maxStanzaBytes(), s.authTimeout(), s.maxAuthFailures(),
                s.maxConnections(), s.maxUnauthenticatedPerIp(), s.maxFailedLoginsPerIp(), s.failedLoginsWindow(), 100_000, 256 << 20, s.keepalive(), Duration.ofSeconds(1))).port();
        xmpp.core.jid.Jid stuck = xmpp.core.jid.Jid.of("juliet@localhost/stuck");
        int messages = 5000;   // 20 MB: more than the kernel buffers of a client that reads nothing, far less than the queue's limits
        try (RawClient asleep = RawClient.loggedIn(port, server, "juliet", "wherefore", "stuck");
             RawClient awake = RawClient.loggedIn(port, server, "juliet", "wherefore", "awake");
             RawClient sender = RawClient.loggedIn(port, server, "romeo", "pencil", "sender")) {
            awake.available();   // where chat messages for another resource of hers go
            String body = "z".repeat(4096);
            for (int i = 0; i < messages; i++)
                sender.send("<message type='chat' id='m" + i + "' to='juliet@localhost/stuck'><body>" + body + "</body></message>");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.router.session(stuck).isPresent() && System.nanoTime() < deadline) Thread.sleep(20);
            assertFalse(server.router.session(stuck).isPresent(), "the stuck session is closed");

            java.util.Set<String> received = new java.util.HashSet<>();
            try {
                for (Element e = asleep.next(); ; e = asleep.next()) if (e.name().equals("message")) received.add(e.attr("id"));
            } catch (Exception | AssertionError closed) {
                // what reached the stuck client before its connection was closed
            }
            int before = received.size();
            while (received.size() < messages) {
                Element e = awake.next();
                if (e.name().equals("message")) received.add(e.attr("id"));
            }
            assertTrue(before < messages, "some messages waited when the session was closed: " + before);
            assertEquals(messages, received.size(), "every message arrived once: written before the close, or routed again");
        }
    }

    @Test
    void whatAClientSendsOnceItsSessionEndedForReadingTooSlowlyIsNotRouted() throws Exception {
        int port = smallQueueListener();
        xmpp.core.jid.Jid behind = xmpp.core.jid.Jid.of("juliet@localhost/behind");
        try (RawClient slow = RawClient.loggedIn(port, server, "juliet", "wherefore", "behind");
             RawClient writer = RawClient.loggedIn(port, server, "romeo", "pencil", "fast")) {
            overflow(writer, behind);
            // Its stream error waits for it to read, for 2 s at most; its session is over already.
            slow.send("<message to='romeo@localhost/fast' id='after-its-end'><body>from a session that is gone</body></message>");
            Thread.sleep(500);   // time enough for that message to be routed, if it is
            writer.send("<message to='romeo@localhost/fast' id='mark'/>");
            for (Element e = writer.next(); !"mark".equals(e.attr("id")); e = writer.next())
                assertFalse("after-its-end".equals(e.attr("id")), "routed from an ended session: " + e);
        }
    }

    /** A client listener whose sessions queue 100 stanzas or 256 KiB at most. */
    private static int smallQueueListener() throws Exception {
        Settings s = TestServer.settings();
        return server.listen(new Settings(s.address(), 0, false, true, false, s.maxStanzaBytes(), s.authTimeout(), s.maxAuthFailures(),
                s.maxConnections(), s.maxUnauthenticatedPerIp(), s.maxFailedLoginsPerIp(), s.failedLoginsWindow(), 100, 256 * 1024, s.keepalive(), s.writeTimeout())).port();
    }

    /** Headlines to {@code reader}, who reads none, until its queue overflows and its session ends. */
    private static void overflow(RawClient writer, xmpp.core.jid.Jid reader) throws Exception {
        String body = "z".repeat(4096);
        for (int i = 0; i < 20_000 && server.router.session(reader).isPresent(); i++)
            writer.send("<message type='headline' to='" + reader + "'><body>" + body + "</body></message>");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.router.session(reader).isPresent() && System.nanoTime() < deadline) Thread.sleep(20);
        assertFalse(server.router.session(reader).isPresent(), "its queue overflowed");
    }

    @Test
    void aClientWhoseQueueOverflowsIsToldWhy() throws Exception {
        int port = smallQueueListener();
        xmpp.core.jid.Jid behind = xmpp.core.jid.Jid.of("juliet@localhost/behind");
        try (RawClient slow = RawClient.loggedIn(port, server, "juliet", "wherefore", "behind");
             RawClient writer = RawClient.loggedIn(port, server, "romeo", "pencil", "fast")) {
            overflow(writer, behind);
            xmpp.core.stream.StreamError error = slow.streamError();   // reading again, it gets what was written, then why
            assertEquals(Condition.POLICY_VIOLATION, error.condition());
            assertTrue(error.text().contains("read"), error.text());
        }
    }

    @Test
    void closingTheStreamIsAnsweredInKind() throws Exception {
        try (RawClient c = RawClient.loggedIn(starttls, server, "juliet", "wherefore", "leaving")) {
            c.send("</stream:stream>");
            assertTrue(c.streamEndsCleanly(), "the server closes its stream and the connection");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.router.session(xmpp.core.jid.Jid.of("juliet@localhost/leaving")).isPresent() && System.nanoTime() < deadline) Thread.sleep(20);
        assertFalse(server.router.session(xmpp.core.jid.Jid.of("juliet@localhost/leaving")).isPresent(), "unbound");
    }
}
