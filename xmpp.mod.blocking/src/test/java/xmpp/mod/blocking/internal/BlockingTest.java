package xmpp.mod.blocking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.Subscription;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** XEP-0191: the command, its pushes, and enforcement both ways. */
class BlockingTest {

    record Routed(Jid from, Jid to, Element stanza) {
    }

    static final class FakeSession implements Session {
        final Jid jid;
        final List<Element> received = new CopyOnWriteArrayList<>();

        FakeSession(String jid) {
            this.jid = Jid.of(jid);
        }

        @Override public Jid jid() { return jid; }
        @Override public void deliver(Element stanza) { received.add(stanza); }
        @Override public void close(StreamError error) { }
    }

    final Map<Jid, FakeSession> online = new ConcurrentHashMap<>();
    final Sessions sessions = new Sessions() {
        @Override public Optional<Element> presenceOf(Jid fullJid) { return session(fullJid).map(s -> Element.of("presence")); }
        @Override public Optional<Session> session(Jid fullJid) { return Optional.ofNullable(online.get(fullJid)); }
        @Override public List<Session> sessionsOf(Jid bareJid) { return online.values().stream().filter(s -> s.jid.bare().equals(bareJid)).map(Session.class::cast).toList(); }
        @Override public boolean accountExists(Jid account) { return true; }
        @Override public Collection<Session> sessions() { return List.copyOf(online.values()); }
    };
    final Map<String, Element> stored = new ConcurrentHashMap<>();
    final PrivateXmlStore store = new PrivateXmlStore() {
        @Override public Optional<Element> get(Jid owner, String namespace) { return Optional.ofNullable(stored.get(owner + " " + namespace)); }
        @Override public void put(Jid owner, Element element) { stored.put(owner + " " + element.namespace(), element); }
    };
    final List<Routed> routed = new ArrayList<>();
    final Router router = (from, to, stanza) -> routed.add(new Routed(from, to, stanza));
    final Hosts hosts = new Hosts() {
        @Override public Set<String> all() { return Set.of("example.com"); }
        @Override public boolean isServed(String domain) { return domain.equals("example.com"); }
    };

    final Map<Jid, RosterItem> juliets = new ConcurrentHashMap<>();
    final RosterStore roster = new RosterStore() {
        @Override public List<RosterItem> items(Jid owner) { return List.copyOf(juliets.values()); }
        @Override public Optional<RosterItem> item(Jid owner, Jid contact) { return Optional.ofNullable(juliets.get(contact)); }
        @Override public long put(Jid owner, RosterItem item) { juliets.put(item.contact(), item); return 1; }
        @Override public long remove(Jid owner, Jid contact) { juliets.remove(contact); return 1; }
        @Override public long version(Jid owner) { return 1; }
        @Override public int count(Jid owner) { return juliets.size(); }
    };

    final BlockLists lists = new BlockLists(store, sessions);
    final BlockingCommand command = new BlockingCommand(lists, sessions, router, roster);
    final InboundBlocking inbound = new InboundBlocking(lists, router, hosts);
    final OutboundBlocking outbound = new OutboundBlocking(lists, sessions);
    final FakeSession balcony = connect("juliet@example.com/balcony");
    final FakeSession chamber = connect("juliet@example.com/chamber");
    final Jid juliet = Jid.of("juliet@example.com");
    final Jid romeo = Jid.of("romeo@example.com/orchard");

    FakeSession connect(String jid) {
        FakeSession s = new FakeSession(jid);
        online.put(s.jid, s);
        return s;
    }

    Element ask(FakeSession from, String type, String payload) throws Exception {
        return command.handle(Iq.of(XmlStreams.parseElement("<iq type='" + type + "' id='b1' from='" + from.jid + "'>" + payload + "</iq>")));
    }

    Condition refused(String iq) {
        return assertThrows(StanzaException.class, () -> command.handle(Iq.of(XmlStreams.parseElement(iq)))).error().condition();
    }

    static Element xml(String xml) throws Exception {
        return XmlStreams.parseElement(xml);
    }

    List<String> blocklist(FakeSession from) throws Exception {
        return ask(from, "get", "<blocklist xmlns='urn:xmpp:blocking'/>").child("blocklist").orElseThrow()
                .elements().stream().map(i -> i.attr("jid")).toList();
    }

    void subscribed(String contact, Subscription subscription) {
        juliets.put(Jid.of(contact), RosterItem.of(Jid.of(contact), "", Set.of()).withSubscription(subscription, false, false));
    }

    @Test
    void blockingIsStoredPushedToTheResourcesThatAskedAndToldToTheBlockedContact() throws Exception {
        subscribed("romeo@example.com", Subscription.BOTH);
        assertEquals(List.of(), blocklist(chamber));
        assertEquals("result", ask(balcony, "set", "<block xmlns='urn:xmpp:blocking'><item jid='romeo@example.com'/><item jid='evil.example'/></block>").attr("type"));
        Element push = chamber.received.getFirst();
        assertEquals("set", push.attr("type"));
        assertEquals("romeo@example.com", push.child("block", "urn:xmpp:blocking").orElseThrow().elements().getFirst().attr("jid"));
        assertTrue(balcony.received.isEmpty(), "balcony never asked for the list");
        assertEquals(2, routed.size(), "one unavailable presence from each available resource, none to a domain");
        assertEquals("unavailable", routed.getFirst().stanza().attr("type"));
        assertEquals(Jid.of("romeo@example.com"), routed.getFirst().to());
        assertEquals(List.of("romeo@example.com", "evil.example"), blocklist(balcony));
        online.clear();   // all logged out: the list comes from the store
        assertEquals(List.of("romeo@example.com", "evil.example"), blocklist(connect("juliet@example.com/new")));
    }

    @Test
    void onlyAContactSubscribedToTheUserHearsOfBlockingAndSeesHerPresenceAgainWhenUnblocked() throws Exception {
        subscribed("romeo@example.com", Subscription.FROM);
        subscribed("nurse@example.com", Subscription.TO);
        ask(balcony, "set", "<block xmlns='urn:xmpp:blocking'><item jid='romeo@example.com'/><item jid='nurse@example.com'/><item jid='tybalt@example.com'/></block>");
        assertEquals(List.of("romeo@example.com unavailable", "romeo@example.com unavailable"),
                routed.stream().map(r -> r.to() + " " + r.stanza().attr("type")).toList());
        routed.clear();
        ask(balcony, "set", "<unblock xmlns='urn:xmpp:blocking'/>");
        assertEquals(List.of("romeo@example.com available", "romeo@example.com available"),
                routed.stream().map(r -> r.to() + " " + (r.stanza().hasAttr("type") ? r.stanza().attr("type") : "available")).toList());
        assertEquals(Set.of("juliet@example.com/balcony", "juliet@example.com/chamber"),
                Set.copyOf(routed.stream().map(r -> r.stanza().attr("from")).toList()));
    }

    @Test
    void unblockRemovesThoseNamedAndUnblockWithoutItemsRemovesAll() throws Exception {
        ask(balcony, "set", "<block xmlns='urn:xmpp:blocking'><item jid='a@example.com'/><item jid='b@example.com'/><item jid='c@example.com'/></block>");
        ask(balcony, "set", "<unblock xmlns='urn:xmpp:blocking'><item jid='b@example.com'/></unblock>");
        assertEquals(List.of("a@example.com", "c@example.com"), blocklist(balcony));
        ask(balcony, "set", "<unblock xmlns='urn:xmpp:blocking'/>");
        assertEquals(List.of(), blocklist(balcony));
        assertEquals(xml("<unblock xmlns='urn:xmpp:blocking'/>"), balcony.received.getLast().child("unblock").orElseThrow());
    }

    @Test
    void errors() {
        assertEquals(Condition.FORBIDDEN, refused("<iq type='get' id='1' from='romeo@example.com/o' to='juliet@example.com'><blocklist xmlns='urn:xmpp:blocking'/></iq>"));
        assertEquals(Condition.BAD_REQUEST, refused("<iq type='set' id='1' from='juliet@example.com/o'><block xmlns='urn:xmpp:blocking'/></iq>"));
        assertEquals(Condition.BAD_REQUEST, refused("<iq type='set' id='1' from='juliet@example.com/o'><blocklist xmlns='urn:xmpp:blocking'/></iq>"));
        assertEquals(Condition.BAD_REQUEST, refused("<iq type='get' id='1' from='juliet@example.com/o'><block xmlns='urn:xmpp:blocking'/></iq>"));
        assertEquals(Condition.JID_MALFORMED, refused("<iq type='set' id='1' from='juliet@example.com/o'><block xmlns='urn:xmpp:blocking'><item jid='a@b@c'/></block></iq>"));
    }

    @Test
    void nothingFromABlockedJidArrivesAndMessagesAndRequestsAreAnsweredServiceUnavailable() throws Exception {
        ask(balcony, "set", "<block xmlns='urn:xmpp:blocking'><item jid='romeo@example.com'/></block>");
        routed.clear();
        Element message = xml("<message type='chat' from='romeo@example.com/orchard' to='juliet@example.com' id='m1'><body>hi</body></message>");
        assertNull(inbound.process(romeo, balcony.jid, message));
        assertNull(inbound.process(romeo, juliet, message), "nor is it stored offline");
        assertNull(inbound.process(romeo, balcony.jid, xml("<iq type='get' id='i1' from='romeo@example.com/orchard' to='juliet@example.com/balcony'><ping xmlns='urn:xmpp:ping'/></iq>")));
        assertNull(inbound.process(romeo, juliet, xml("<presence type='probe' from='romeo@example.com/orchard' to='juliet@example.com'/>")));
        assertEquals(List.of("message", "message", "iq"), routed.stream().map(r -> r.stanza().name()).toList());
        assertEquals("service-unavailable", routed.getFirst().stanza().child("error").orElseThrow().elements().getFirst().name());
        assertEquals(romeo, routed.getFirst().to());
        Element fromNurse = xml("<message from='nurse@example.com/n' to='juliet@example.com'/>");
        assertSame(fromNurse, inbound.process(Jid.of("nurse@example.com/n"), juliet, fromNurse));
    }

    @Test
    void aUsersPresenceDoesNotReachWhomSheBlocksButHerGoingOfflineDoes() throws Exception {
        ask(balcony, "set", "<block xmlns='urn:xmpp:blocking'><item jid='romeo@example.com'/></block>");
        assertNull(inbound.process(balcony.jid, Jid.of("romeo@example.com"), xml("<presence from='juliet@example.com/balcony'/>")));
        Element unavailable = xml("<presence type='unavailable' from='juliet@example.com/balcony'/>");
        assertSame(unavailable, inbound.process(balcony.jid, Jid.of("romeo@example.com"), unavailable));
    }

    @Test
    void whatTheUserSendsToABlockedJidIsRefusedWithTheBlockedError() throws Exception {
        ask(balcony, "set", "<block xmlns='urn:xmpp:blocking'><item jid='romeo@example.com'/></block>");
        assertNull(outbound.process(chamber.jid, romeo, xml("<message type='chat' from='juliet@example.com/chamber' to='romeo@example.com/orchard' id='m2'><body>hi</body></message>")));
        Element error = chamber.received.getLast();
        assertEquals("error", error.attr("type"));
        assertEquals("m2", error.attr("id"));
        assertEquals("cancel", error.child("error").orElseThrow().attr("type"));
        assertTrue(error.child("error").orElseThrow().child("not-acceptable", "urn:ietf:params:xml:ns:xmpp-stanzas").isPresent());
        assertTrue(error.child("error").orElseThrow().child("blocked", "urn:xmpp:blocking:errors").isPresent());
        int before = chamber.received.size();
        assertNull(outbound.process(chamber.jid, romeo, xml("<iq type='result' id='r' from='juliet@example.com/chamber' to='romeo@example.com/orchard'/>")));
        assertEquals(before, chamber.received.size(), "an answer is dropped without a word");
        Element toNurse = xml("<message from='juliet@example.com/chamber' to='nurse@example.com'/>");
        assertSame(toNurse, outbound.process(chamber.jid, Jid.of("nurse@example.com"), toNurse));
    }

    @Test
    void aBlockedDomainCoversEveryoneThereAndAFullJidOnlyThatResource() throws Exception {
        ask(balcony, "set", "<block xmlns='urn:xmpp:blocking'><item jid='evil.example'/><item jid='romeo@example.com/orchard'/></block>");
        assertTrue(lists.blocks(juliet, Jid.of("anyone@evil.example/x")));
        assertTrue(lists.blocks(juliet, romeo));
        assertEquals(false, lists.blocks(juliet, Jid.of("romeo@example.com/garden")));
    }
}
