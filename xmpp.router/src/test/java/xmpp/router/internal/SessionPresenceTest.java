package xmpp.router.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xmpp.router.internal.Harness.props;
import static xmpp.router.internal.Harness.xml;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.route.StanzaHook;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;
import xmpp.router.internal.Harness.FakeSession;

/** The session manager's part of RFC 6121 section 4: broadcast presence, its record, its end, and who is told. */
class SessionPresenceTest {

    final Harness h = new Harness();
    final List<String> events = new CopyOnWriteArrayList<>();

    SessionPresenceTest() {
        h.listeners.addListener(new SessionListener() {
            @Override
            public void available(Session session, Element presence, Optional<Element> previous) {
                events.add((previous.isPresent() ? "update " : "initial ") + session.jid());
            }

            @Override
            public void unavailable(Session session, Element presence) {
                events.add("unavailable " + session.jid() + " " + presence.attr("from"));
            }

            @Override
            public void closed(Session session) {
                events.add("closed " + session.jid());
            }
        }, props());
    }

    @Test
    void broadcastPresenceReachesTheAccountsAvailableResourcesAndIsKeptForProbes() throws Exception {
        FakeSession a = h.session("juliet@localhost/a", 1);
        FakeSession b = h.session("juliet@localhost/b", null);
        Element away = xml("<presence from='juliet@localhost/b'><show>away</show></presence>");
        h.router.presence(b, away);
        assertEquals("away", a.next().child("show").orElseThrow().text());
        assertEquals("away", b.next().child("show").orElseThrow().text(), "RFC 6121 4.2.2: the sender too");
        assertEquals(away, h.router.presenceOf(Jid.of("juliet@localhost/b")).orElseThrow());
        h.router.presence(b, xml("<presence from='juliet@localhost/b' type='unavailable'/>"));
        assertEquals("unavailable", a.next().attr("type"));
        assertTrue(h.router.presenceOf(Jid.of("juliet@localhost/b")).isEmpty());
        assertEquals(List.of("initial juliet@localhost/a", "initial juliet@localhost/b",
                "unavailable juliet@localhost/b juliet@localhost/b"), events);
    }

    @Test
    void aSessionThatEndsWhileAvailableGoesUnavailableForItsUser() throws Exception {
        FakeSession a = h.session("juliet@localhost/a", 1);
        FakeSession b = h.session("juliet@localhost/b", 1);
        h.router.unbind(b);
        Element gone = a.next();
        assertEquals("unavailable", gone.attr("type"));
        assertEquals("juliet@localhost/b", gone.attr("from"));
        assertEquals(List.of("initial juliet@localhost/a", "initial juliet@localhost/b",
                "unavailable juliet@localhost/b juliet@localhost/b", "closed juliet@localhost/b"), events);
        h.router.unbind(b);
        assertEquals(4, events.size(), "told once");
    }

    @Test
    void aReplacedSessionEndsOnceAndItsSuccessorStartsAfresh() throws Exception {
        FakeSession old = h.session("juliet@localhost/a", 1);
        FakeSession successor = h.session("juliet@localhost/a", null);
        assertEquals(StreamError.Condition.CONFLICT, old.closedWith.condition());
        h.router.unbind(old);   // the old connection's own cleanup, later
        h.router.presence(successor, xml("<presence from='juliet@localhost/a'/>"));
        assertEquals(List.of("initial juliet@localhost/a", "unavailable juliet@localhost/a juliet@localhost/a",
                "closed juliet@localhost/a", "initial juliet@localhost/a"), events);
        assertTrue(h.router.session(Jid.of("juliet@localhost/a")).orElseThrow() == successor);
    }

    @Test
    void aSessionNeverAvailableClosesWithoutUnavailable() {
        FakeSession quiet = h.session("juliet@localhost/a", null);
        h.router.unbind(quiet);
        assertEquals(List.of("closed juliet@localhost/a"), events);
    }

    @Test
    void inboundPresenceHooksMayAnswerForTheUser() throws Exception {
        FakeSession juliet = h.session("juliet@localhost/a", 1);
        FakeSession romeo = h.session("romeo@localhost/orchard", 1);
        StanzaHook answersProbes = (from, to, stanza) -> {
            if (!stanza.attr("type").equals("probe")) return stanza;
            h.router.route(to, from, Element.of("presence").withAttr("from", to.toString()).withAttr("to", from.toString()));
            return null;
        };
        h.hooks.addHook(answersProbes, props(StanzaHook.POINT, StanzaHook.INBOUND_PRESENCE));
        h.route("<presence from='romeo@localhost' to='juliet@localhost' type='probe'/>");
        assertEquals("juliet@localhost", romeo.next().attr("from"));
        juliet.expectNothing();
        h.route("<presence from='romeo@localhost/orchard' to='juliet@localhost'/>");
        assertFalse(juliet.next().hasAttr("type"), "what the hooks pass is delivered");
    }

    @Test
    void anAnswerToTheAccountGoesToTheHooksThatMayHaveAskedInItsName() {
        h.session("juliet@localhost/a", 1);
        List<String> answers = new CopyOnWriteArrayList<>();
        h.hooks.addHook((from, to, stanza) -> {
            answers.add(stanza.attr("type") + " " + stanza.attr("id") + " from " + from + " to " + to);
            return null;
        }, props(StanzaHook.POINT, StanzaHook.ACCOUNT_IQ_RESPONSE));
        h.route("<iq type='error' id='push-1' from='push.example.net' to='juliet@localhost'><error type='cancel'>"
                + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        h.route("<iq type='result' id='push-2' from='push.example.net' to='juliet@localhost'/>");
        assertEquals(List.of("error push-1 from push.example.net to juliet@localhost", "result push-2 from push.example.net to juliet@localhost"),
                answers);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        h.listeners.addListener(new SessionListener() {
            @Override
            public void closed(Session session) {
                throw new IllegalStateException("a module's bug");
            }
        }, props());
        List<String> later = new CopyOnWriteArrayList<>();
        h.listeners.addListener(new SessionListener() {
            @Override
            public void closed(Session session) {
                later.add("closed " + session.jid());
            }
        }, props());
        FakeSession s = h.session("juliet@localhost/a", null);
        h.router.unbind(s);
        assertEquals(List.of("closed juliet@localhost/a"), later, "the listener after the failing one");
    }
}
