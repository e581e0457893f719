package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import xmpp.core.xml.Element;

/**
 * XEP-0352 over raw sockets: an inactive client gets presence only once active, and only the
 * newest; what waits for a session that ends goes where stanzas for a gone resource go.
 */
class ClientStateStreamTest {

    static final String CSI = ClientStateFilter.NS;
    static final String COMPOSING = "<composing xmlns='" + ClientStateFilter.CHAT_STATES_NS + "'/>";
    static TestServer server;
    static int port;
    static int briefResumption;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        port = server.listen(TestServer.settings()).port();
        briefResumption = server.listen(TestServer.settings().withMaxResume(java.time.Duration.ofSeconds(1))).port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An IQ to the server and its answer: everything {@code c} sent before has been routed. */
    private static Element roundTrip(RawClient c, String id) throws Exception {
        c.send("<iq type='get' id='" + id + "' to='localhost'><query xmlns='urn:example:nothing'/></iq>");
        return c.next();
    }

    @Test
    void anInactiveClientGetsOnlyTheNewestPresenceOnceActive() throws Exception {
        try (RawClient romeo = RawClient.loggedIn(port, server, "romeo", "pencil", "pocket");
             RawClient juliet = RawClient.loggedIn(port, server, "juliet", "wherefore", "window")) {
            romeo.send("<enable xmlns='" + StreamManagement.NS + "'/>");   // its <r/> asks what came, and lets nothing waiting go as an IQ would
            assertEquals("enabled", romeo.next().name());
            romeo.send("<inactive xmlns='" + CSI + "'/>");
            assertEquals("r0", roundTrip(romeo, "r0").attr("id"), "the server has read <inactive/>");
            juliet.send("<presence to='romeo@localhost/pocket' id='p1'><status>reading</status></presence>");
            juliet.send("<presence to='romeo@localhost/pocket' id='p2'><status>asleep</status></presence>");
            roundTrip(juliet, "j1");
            romeo.send("<r xmlns='" + StreamManagement.NS + "'/>");
            assertEquals("a", romeo.next().name(), "no presence while inactive");
            romeo.send("<active xmlns='" + CSI + "'/>");
            Element latest = romeo.next();
            assertEquals("presence", latest.name());
            assertEquals("p2", latest.attr("id"), "the newest only");
            assertEquals("r2", roundTrip(romeo, "r2").attr("id"), "and not the older one");
        }
    }

    @Test
    void aMessageWithABodyBringsWhatWaitedFirst() throws Exception {
        try (RawClient romeo = RawClient.loggedIn(port, server, "romeo", "pencil", "pocket2");
             RawClient juliet = RawClient.loggedIn(port, server, "juliet", "wherefore", "window2")) {
            romeo.send("<inactive xmlns='" + CSI + "'/>");
            roundTrip(romeo, "r0");
            juliet.send("<message to='romeo@localhost/pocket2' id='c1' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
            juliet.send("<message to='romeo@localhost/pocket2' id='m1' type='chat'><body>hi</body></message>");
            assertEquals("c1", romeo.next().attr("id"));
            Element m = romeo.next();
            assertEquals("m1", m.attr("id"));
            assertTrue(m.child("body").isPresent());
        }
    }

    @Test
    void whatWaitsForAClientThatClosesItsStreamGoesToItsOtherResource() throws Exception {
        try (RawClient desk = RawClient.loggedIn(port, server, "romeo", "pencil", "desk3");
             RawClient juliet = RawClient.loggedIn(port, server, "juliet", "wherefore", "window3")) {
            desk.available();   // where what waited for the phone goes
            RawClient phone = RawClient.loggedIn(port, server, "romeo", "pencil", "pocket3");
            phone.send("<inactive xmlns='" + CSI + "'/>");
            roundTrip(phone, "r0");
            juliet.send("<message to='romeo@localhost/pocket3' id='c3' type='chat'>" + COMPOSING + "</message>");
            roundTrip(juliet, "j3");
            phone.send("</stream:stream>");
            assertTrue(phone.streamEndsCleanly());
            assertEquals("c3", nextMessage(desk).attr("id"), "held for the phone, not lost with it");
        }
    }

    @Test
    void whatWaitsForADetachedSessionThatExpiresGoesToItsOtherResource() throws Exception {
        try (RawClient desk = RawClient.loggedIn(briefResumption, server, "romeo", "pencil", "desk4");
             RawClient juliet = RawClient.loggedIn(briefResumption, server, "juliet", "wherefore", "window4")) {
            desk.available();   // where what waited for the phone goes
            RawClient phone = RawClient.loggedIn(briefResumption, server, "romeo", "pencil", "pocket4");
            phone.send("<enable xmlns='" + StreamManagement.NS + "' resume='true'/>");
            assertEquals("enabled", phone.next().name());
            phone.send("<inactive xmlns='" + CSI + "'/>");
            assertEquals("r0", roundTrip(phone, "r0").attr("id"));
            juliet.send("<message to='romeo@localhost/pocket4' id='c4' type='chat'>" + COMPOSING + "</message>");
            roundTrip(juliet, "j4");
            phone.close();   // no </stream>: detached, never resumed
            assertEquals("c4", nextMessage(desk).attr("id"), "held for the phone, not lost when its time ran out");
        }
    }

    /** The next message, past anything else (presence). */
    private static Element nextMessage(RawClient c) throws Exception {
        for (Element e = c.next(); ; e = c.next()) if (e.name().equals("message")) return e;
    }
}
