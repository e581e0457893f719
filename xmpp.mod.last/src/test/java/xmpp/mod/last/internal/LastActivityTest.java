package xmpp.mod.last.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.stanza.Iq;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.Subscription;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class LastActivityTest {

    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static final Jid JULIET = Jid.of("juliet@localhost");

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final FakeSessions sessions = new FakeSessions();
    final Map<Jid, RosterItem> julietsRoster = new HashMap<>();
    final LastLogouts logouts = new LastLogouts(new FakePrivateStore());
    final LastActivity module = new LastActivity(NOW.minusSeconds(3600), clock, sessions, new FakeRosters(), logouts);
    final LogoutRecorder recorder = new LogoutRecorder(logouts, sessions, clock);

    static Iq iq(String type, String from, String to) throws Exception {
        return Iq.of(XmlStreams.parseElement("<iq type='" + type + "' id='l1' from='" + from + "' to='" + to + "'>"
                + "<query xmlns='jabber:iq:last'/></iq>"));
    }

    static Element query(Element reply) {
        assertEquals("result", reply.attr("type"), reply.toXml());
        return reply.child("query", "jabber:iq:last").orElseThrow();
    }

    static String error(Element reply) {
        assertEquals("error", reply.attr("type"), reply.toXml());
        return reply.child("error").orElseThrow().firstElement().orElseThrow().name();
    }

    void subscribed(String contact, Subscription s) {
        julietsRoster.put(Jid.of(contact), RosterItem.of(Jid.of(contact), "", Set.of()).withSubscription(s, false, false));
    }

    void logout(String fullJid, String status) {
        Element presence = Element.builder("presence").attr("type", "unavailable")
                .child(Element.builder("status").text(status).build()).build();
        sessions.available.remove(Jid.of(fullJid));
        recorder.unavailable(sessions.session(Jid.of(fullJid)).orElseThrow(), presence);
    }

    @Test
    void theServerAnswersItsUptime() throws Exception {
        Element q = query(module.handle(iq("get", "romeo@localhost/r", "localhost")));
        assertEquals("3600", q.attr("seconds"));
        assertEquals("", q.text());
    }

    @Test
    void aSubscriberLearnsTheLastLogoutAndItsStatus() throws Exception {
        subscribed("romeo@localhost", Subscription.FROM);
        sessions.bind("juliet@localhost/balcony", false);
        logout("juliet@localhost/balcony", "Heading home");
        Element q = query(module.handle(iq("get", "romeo@localhost/r", "juliet@localhost")));
        assertEquals("0", q.attr("seconds"), "the clock has not moved since");
        assertEquals("Heading home", q.text());
        Element later = query(new LastActivity(NOW, Clock.offset(clock, java.time.Duration.ofSeconds(903)), sessions, new FakeRosters(), logouts)
                .handle(iq("get", "romeo@localhost/r", "juliet@localhost")));
        assertEquals("903", later.attr("seconds"));
    }

    @Test
    void anOnlineUserIsActiveNow() throws Exception {
        subscribed("romeo@localhost", Subscription.BOTH);
        sessions.bind("juliet@localhost/balcony", false);
        logout("juliet@localhost/balcony", "gone");
        sessions.bind("juliet@localhost/garden", true);
        Element q = query(module.handle(iq("get", "romeo@localhost/r", "juliet@localhost")));
        assertEquals("0", q.attr("seconds"));
        assertEquals("", q.text(), "no logout status while she is online");
    }

    @Test
    void aResourceGoingWhileAnotherStaysIsNoLogout() throws Exception {
        sessions.bind("juliet@localhost/balcony", true);
        sessions.bind("juliet@localhost/garden", true);
        logout("juliet@localhost/garden", "just this one");
        sessions.available.clear();
        assertEquals("service-unavailable", error(module.handle(iq("get", "juliet@localhost/x", "juliet@localhost"))));
    }

    @Test
    void theUserHerselfMayAsk() throws Exception {
        sessions.bind("juliet@localhost/balcony", false);
        logout("juliet@localhost/balcony", "");
        Element q = query(module.handle(iq("get", "juliet@localhost/phone", "juliet@localhost")));
        assertEquals("0", q.attr("seconds"));
    }

    @Test
    void nonSubscribersAreForbidden() throws Exception {
        subscribed("tybalt@localhost", Subscription.TO);   // she sees him; he does not see her
        sessions.bind("juliet@localhost/balcony", false);
        logout("juliet@localhost/balcony", "secret");
        assertEquals("forbidden", error(module.handle(iq("get", "tybalt@localhost/r", "juliet@localhost"))));
        assertEquals("forbidden", error(module.handle(iq("get", "nurse@localhost/r", "juliet@localhost"))));
    }

    @Test
    void neverLoggedOutIsServiceUnavailable() throws Exception {
        subscribed("romeo@localhost", Subscription.BOTH);
        assertEquals("service-unavailable", error(module.handle(iq("get", "romeo@localhost/r", "juliet@localhost"))));
    }

    @Test
    void setIsNotAllowed() throws Exception {
        assertEquals("not-allowed", error(module.handle(iq("set", "romeo@localhost/r", "localhost"))));
    }

    final class FakeRosters implements RosterStore {
        @Override public List<RosterItem> items(Jid owner) { return List.copyOf(julietsRoster.values()); }
        @Override public Optional<RosterItem> item(Jid owner, Jid contact) {
            return owner.equals(JULIET) ? Optional.ofNullable(julietsRoster.get(contact)) : Optional.empty();
        }
        @Override public long put(Jid owner, RosterItem item) { throw new UnsupportedOperationException(); }
        @Override public long remove(Jid owner, Jid contact) { throw new UnsupportedOperationException(); }
        @Override public long version(Jid owner) { return 0; }
        @Override public int count(Jid owner) { return julietsRoster.size(); }
    }

    static final class FakePrivateStore implements PrivateXmlStore {
        final Map<String, Element> kept = new HashMap<>();
        @Override public Optional<Element> get(Jid owner, String namespace) { return Optional.ofNullable(kept.get(owner + " " + namespace)); }
        @Override public void put(Jid owner, Element element) { kept.put(owner + " " + element.namespace(), element); }
    }

    static final class FakeSessions implements Sessions {
        final List<Session> bound = new ArrayList<>();
        final Set<Jid> available = new java.util.HashSet<>();

        void bind(String fullJid, boolean isAvailable) {
            Jid jid = Jid.of(fullJid);
            bound.add(new Session() {
                @Override public Jid jid() { return jid; }
                @Override public void deliver(Element stanza) { }
                @Override public void close(StreamError error) { }
            });
            if (isAvailable) available.add(jid);
        }

        @Override public Optional<Element> presenceOf(Jid fullJid) {
            return available.contains(fullJid) ? Optional.of(Element.of("presence")) : Optional.empty();
        }
        @Override public Optional<Session> session(Jid fullJid) { return bound.stream().filter(s -> s.jid().equals(fullJid)).findFirst(); }
        @Override public List<Session> sessionsOf(Jid bareJid) { return bound.stream().filter(s -> s.jid().bare().equals(bareJid)).toList(); }
        @Override public boolean accountExists(Jid account) { return true; }
        @Override public Collection<Session> sessions() { return bound; }
    }
}
