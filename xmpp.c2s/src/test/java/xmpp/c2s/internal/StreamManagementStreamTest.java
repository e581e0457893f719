package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.stream.StreamError.Condition;
import xmpp.core.xml.Element;

/** XEP-0198 over raw sockets: enabling, acknowledgements, resumption, and a session whose time runs out. */
class StreamManagementStreamTest {

    static final String SM = StreamManagement.NS;
    static TestServer server;
    static int port;
    static int briefResumption;
    static int smallQueue;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        port = server.listen(TestServer.settings()).port();
        briefResumption = server.listen(TestServer.settings().withMaxResume(Duration.ofSeconds(1))).port();
        Settings d = TestServer.settings();
        smallQueue = server.listen(new Settings(d.address(), 0, false, true, false, d.maxStanzaBytes(), d.authTimeout(), d.maxAuthFailures(),
                d.maxConnections(), d.maxUnauthenticatedPerIp(), d.maxFailedLoginsPerIp(), d.failedLoginsWindow(), d.maxQueuedStanzas(),
                64 * 1024, d.keepalive(), d.writeTimeout())).port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Logged in, at the features after SASL, not bound. */
    private static RawClient authenticated(int port, String user, String password, Element[] features) throws Exception {
        RawClient c = RawClient.connect(port);
        c.openStream("localhost");
        c.starttls(server.tlsClient());
        c.openStream("localhost");
        Element success = c.plain(user, password);
        if (!success.name().equals("success")) throw new AssertionError("login failed: " + success);
        features[0] = c.openStream("localhost");
        return c;
    }

    private static Element enable(RawClient c, String attrs) throws Exception {
        c.send("<enable xmlns='" + SM + "' " + attrs + "/>");
        return c.next();
    }

    private static String failure(Element failed) {
        assertEquals("failed", failed.name(), failed.toString());
        return failed.firstElement().orElseThrow().name();
    }

    private static void chat(RawClient from, String to, String id) throws Exception {
        from.send("<message type='chat' to='" + to + "' id='" + id + "'><body>" + id + "</body></message>");
    }

    /** The next message, past anything else (presence, the server's requests for acknowledgement). */
    private static Element nextMessage(RawClient c) throws Exception {
        for (Element e = c.next(); ; e = c.next()) if (e.name().equals("message")) return e;
    }

    @Test
    void enabledAfterBindingOnlyAndOnlyOnce() throws Exception {
        Element[] features = new Element[1];
        try (RawClient c = authenticated(port, "romeo", "pencil", features)) {
            assertTrue(features[0].child("sm", SM).isPresent(), "offered after authentication: " + features[0]);
            assertEquals("unexpected-request", failure(enable(c, "")), "before binding");
            c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>once</resource></bind></iq>");
            c.next();
            Element enabled = enable(c, "resume='true' max='60'");
            assertEquals("enabled", enabled.name(), enabled.toString());
            assertEquals("true", enabled.attr("resume"));
            assertEquals("60", enabled.attr("max"), "the client's max is below the server's 300 s");
            assertFalse(enabled.attr("id").isEmpty());
            assertEquals("unexpected-request", failure(enable(c, "")), "enabled twice");
        }
    }

    @Test
    void acknowledgementsCountStanzasBothWays() throws Exception {
        try (RawClient c = RawClient.loggedIn(port, server, "romeo", "pencil", "counting")) {
            assertEquals("enabled", enable(c, "").name());
            c.send("<r xmlns='" + SM + "'/>");
            assertEquals("0", c.next().attr("h"));
            chat(c, "romeo@localhost/counting", "self");
            assertEquals("self", nextMessage(c).attr("id"));
            c.send("<r xmlns='" + SM + "'/>");
            Element a = c.next();
            assertEquals("a", a.name());
            assertEquals("1", a.attr("h"), "our message counts as handled");
            c.send("<a xmlns='" + SM + "' h='1'/>");
            c.send("<a xmlns='" + SM + "' h='2'/>");
            assertEquals(Condition.UNDEFINED_CONDITION, c.streamError().condition(), "one stanza was sent, two are acknowledged");
        }
    }

    @Test
    void aLostConnectionIsResumedAndGetsAgainWhatItDidNotAcknowledge() throws Exception {
        try (RawClient juliet = RawClient.loggedIn(port, server, "juliet", "wherefore", "balcony")) {
            RawClient phone = RawClient.loggedIn(port, server, "romeo", "pencil", "phone");
            String id = enable(phone, "resume='true'").attr("id");
            chat(juliet, "romeo@localhost/phone", "m1");
            assertEquals("m1", nextMessage(phone).attr("id"));
            phone.send("<a xmlns='" + SM + "' h='1'/>");
            chat(juliet, "romeo@localhost/phone", "m2");
            assertEquals("m2", nextMessage(phone).attr("id"));
            phone.close();   // no </stream>: the phone went into a tunnel
            chat(juliet, "romeo@localhost/phone", "m3");
            Element[] features = new Element[1];
            try (RawClient again = authenticated(port, "romeo", "pencil", features)) {
                again.send("<resume xmlns='" + SM + "' previd='" + id + "' h='1'/>");
                Element resumed = again.next();
                assertEquals("resumed", resumed.name(), resumed.toString());
                assertEquals("0", resumed.attr("h"), "the phone sent no stanza");
                assertEquals("m2", nextMessage(again).attr("id"), "unacknowledged, so sent again");
                assertEquals("m3", nextMessage(again).attr("id"), "sent while the phone was away");
                chat(juliet, "romeo@localhost/phone", "m4");
                assertEquals("m4", nextMessage(again).attr("id"), "and the session goes on");
            }
        }
    }

    @Test
    void aResumptionWinsOverTheOldConnectionStillOpen() throws Exception {
        RawClient old = RawClient.loggedIn(port, server, "romeo", "pencil", "twice");
        String id = enable(old, "resume='true'").attr("id");
        Element[] features = new Element[1];
        try (RawClient again = authenticated(port, "romeo", "pencil", features)) {
            again.send("<resume xmlns='" + SM + "' previd='" + id + "' h='0'/>");
            assertEquals("resumed", again.next().name());
            assertTrue(old.isClosedByServer(), "the old connection is closed");
        } finally {
            old.close();
        }
    }

    @Test
    void aSessionReplacedByANewLoginCannotBeResumed() throws Exception {
        RawClient old = RawClient.loggedIn(port, server, "romeo", "pencil", "replaced");
        String id = enable(old, "resume='true'").attr("id");
        try (RawClient newer = RawClient.loggedIn(port, server, "romeo", "pencil", "replaced")) {
            assertEquals(Condition.CONFLICT, old.streamError().condition());
            old.close();
            Element[] features = new Element[1];
            try (RawClient again = authenticated(port, "romeo", "pencil", features)) {
                again.send("<resume xmlns='" + SM + "' previd='" + id + "' h='0'/>");
                assertEquals("item-not-found", failure(again.next()), "the session ended with its conflict");
            }
        }
    }

    /**
     * A detached session replaced by a login with its resource (on this node, or on another node
     * of a cluster) ends at once, not when its resumption time would have run out: what it kept
     * goes to the newer session, and the log says why it ended.
     */
    @Test
    void aDetachedSessionReplacedByANewLoginHandsWhatItKeptToTheNewerOneAtOnce() throws Exception {
        try (LoggedLines logged = LoggedLines.of(Connection.class);
             RawClient juliet = RawClient.loggedIn(port, server, "juliet", "wherefore", "garden")) {
            RawClient phone = RawClient.loggedIn(port, server, "romeo", "pencil", "moved");
            enable(phone, "resume='true'");
            phone.close();   // no </stream>: detached, for the server's 300 s
            Jid moved = Jid.of("romeo@localhost/moved");
            for (int tries = 0; server.router.session(moved).map(Session::reachable).orElse(false) && tries < 100; tries++) Thread.sleep(50);
            chat(juliet, moved.toString(), "kept");
            try (RawClient newer = RawClient.loggedIn(port, server, "romeo", "pencil", "moved")) {
                assertEquals("kept", nextMessage(newer).attr("id"), "routed again when the detached session was replaced");
            }
            List<String> lines = logged.matching(l -> l.startsWith("romeo@localhost/moved"));
            assertTrue(lines.stream().anyMatch(l -> l.contains("conflict")), "the log says it was replaced: " + lines);
            assertTrue(lines.stream().noneMatch(l -> l.contains("was not resumed within")), "its time did not run out: " + lines);
        }
    }

    @Test
    void aStreamClosedWithoutResumptionLeavesNoSessionToResume() throws Exception {
        RawClient leaving = RawClient.loggedIn(port, server, "romeo", "pencil", "leaving");
        String id = enable(leaving, "resume='true'").attr("id");
        leaving.send("<presence/>");
        leaving.send("</stream:stream>");
        assertTrue(leaving.streamEndsCleanly());
        leaving.close();
        assertNoSessionToResume(id, "romeo@localhost/leaving");
    }

    @Test
    void aClientThatClosesItsStreamAndSocketAtOnceLeavesNoSessionToResume() throws Exception {
        for (int i = 0; i < 5; i++) {   // with unread stanzas, the client's close resets the connection while ours is being closed
            RawClient hasty = RawClient.loggedIn(port, server, "romeo", "pencil", "hasty" + i);
            String id = enable(hasty, "resume='true'").attr("id");
            hasty.send("<presence/>");
            hasty.send("</stream:stream>");
            hasty.close();
            assertNoSessionToResume(id, "romeo@localhost/hasty" + i);
        }
    }

    /** The session's resumption fails and it is no longer bound; the client's close may take a moment to be read. */
    private static void assertNoSessionToResume(String id, String fullJid) throws Exception {
        for (int tries = 0; server.router.session(xmpp.core.jid.Jid.of(fullJid)).isPresent() && tries < 100; tries++) Thread.sleep(50);
        Element[] features = new Element[1];
        try (RawClient again = authenticated(port, "romeo", "pencil", features)) {
            again.send("<resume xmlns='" + SM + "' previd='" + id + "' h='0'/>");
            assertEquals("item-not-found", failure(again.next()), "a stream closed with </stream> is not resumable");
        }
        assertTrue(server.router.session(xmpp.core.jid.Jid.of(fullJid)).isEmpty(), fullJid + " is no longer bound");
    }

    @Test
    void anUnknownOrAnotherAccountsIdIsNotFound() throws Exception {
        RawClient juliet = RawClient.loggedIn(port, server, "juliet", "wherefore", "hers");
        String id = enable(juliet, "resume='true'").attr("id");
        Element[] features = new Element[1];
        try (RawClient romeo = authenticated(port, "romeo", "pencil", features)) {
            romeo.send("<resume xmlns='" + SM + "' previd='" + id + "' h='0'/>");
            assertEquals("item-not-found", failure(romeo.next()), "juliet's session is not romeo's to take");
            romeo.send("<resume xmlns='" + SM + "' previd='from-before-a-restart' h='0'/>");
            assertEquals("item-not-found", failure(romeo.next()));
            romeo.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>after</resource></bind></iq>");
            assertEquals("result", romeo.next().attr("type"), "and the client may bind instead");
        } finally {
            juliet.close();
        }
    }

    @Test
    void aSessionNotResumedInTimeSendsItsUnacknowledgedMessagesToAnotherResource() throws Exception {
        try (RawClient desk = RawClient.loggedIn(briefResumption, server, "romeo", "pencil", "desk");
             RawClient juliet = RawClient.loggedIn(briefResumption, server, "juliet", "wherefore", "garden")) {
            desk.available();   // where what the phone kept goes
            RawClient phone = RawClient.loggedIn(briefResumption, server, "romeo", "pencil", "gone");
            enable(phone, "resume='true'");
            chat(juliet, "romeo@localhost/gone", "lost1");
            assertEquals("lost1", nextMessage(phone).attr("id"));
            phone.close();   // never acknowledged, never back
            chat(juliet, "romeo@localhost/gone", "lost2");
            assertEquals("lost1", nextMessage(desk).attr("id"), "after the resumption time");
            assertEquals("lost2", nextMessage(desk).attr("id"));
        }
    }

    @Test
    void aClientThatNeverAcknowledgesIsBoundedByTheQueuedBytesLimit() throws Exception {
        // Only the hoarder is on the small listener: the desk, which gets the 96 KiB routed again
        // while the test is not reading it yet, must not be held to the same limit.
        try (RawClient desk = RawClient.loggedIn(port, server, "romeo", "pencil", "desk");
             RawClient juliet = RawClient.loggedIn(port, server, "juliet", "wherefore", "garden");
             RawClient hoarder = RawClient.loggedIn(smallQueue, server, "romeo", "pencil", "hoarder")) {
            desk.available();   // where what the hoarder kept goes
            assertEquals("enabled", enable(hoarder, "resume='true'").name());
            String body = "x".repeat(8 * 1024);
            // 12 x 8 KiB, each read at once but never acknowledged: 96 KiB kept, past the listener's 64 KiB.
            for (int i = 0; i < 12; i++)
                juliet.send("<message type='chat' to='romeo@localhost/hoarder' id='big" + i + "'><body>" + body + "</body></message>");
            assertEquals(Condition.POLICY_VIOLATION, hoarder.streamError().condition());
            // What the hoarder never acknowledged is routed again, and what came after its end goes to
            // the desk directly: all twelve arrive, in whichever of the two orders the race gives.
            Set<String> atDesk = new TreeSet<>();
            for (int i = 0; i < 12; i++) atDesk.add(nextMessage(desk).attr("id"));
            assertEquals(IntStream.range(0, 12).mapToObj(i -> "big" + i).collect(Collectors.toCollection(TreeSet::new)), atDesk);
        }
    }
}
