package xmpp.mod.carbons.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** XEP-0280: enabling per session, sent and received copies, and which messages are copied. */
class CarbonsTest {

    static final class FakeSession implements Session {
        final Jid jid;
        final int priority;
        final List<Element> received = new CopyOnWriteArrayList<>();

        FakeSession(String jid, int priority) {
            this.jid = Jid.of(jid);
            this.priority = priority;
        }

        @Override public Jid jid() { return jid; }
        @Override public void deliver(Element stanza) { received.add(stanza); }
        @Override public void close(StreamError error) { }
    }

    final Map<Jid, FakeSession> online = new ConcurrentHashMap<>();
    final Sessions sessions = new Sessions() {
        @Override public Optional<Element> presenceOf(Jid fullJid) {
            return Optional.ofNullable(online.get(fullJid)).map(s -> presence(s.priority));
        }
        @Override public Optional<Session> session(Jid fullJid) { return Optional.ofNullable(online.get(fullJid)); }
        @Override public List<Session> sessionsOf(Jid bareJid) { return online.values().stream().filter(s -> s.jid.bare().equals(bareJid)).map(Session.class::cast).toList(); }
        @Override public boolean accountExists(Jid account) { return true; }
        @Override public Collection<Session> sessions() { return List.copyOf(online.values()); }
        @Override public Map<Jid, Element> presencesOf(Jid bareJid) {   // this node's, and the other nodes' of a cluster
            Map<Jid, Element> all = new java.util.TreeMap<>();
            for (Session s : sessionsOf(bareJid)) presenceOf(s.jid()).ifPresent(p -> all.put(s.jid(), p));
            elsewhere.forEach((jid, priority) -> { if (jid.bare().equals(bareJid)) all.put(jid, presence(priority)); });
            return all;
        }
    };
    /** Available resources on other nodes of a cluster, with their priorities. */
    final Map<Jid, Integer> elsewhere = new ConcurrentHashMap<>();
    /** What was routed: a copy for a session on another node. */
    final List<Element> routed = new CopyOnWriteArrayList<>();
    final CarbonsEnabled carbons = new CarbonsEnabled(sessions, (from, to, stanza) -> routed.add(stanza));
    final CarbonsCommand command = new CarbonsCommand(carbons);
    final SentCopies sent = new SentCopies(carbons);
    final ReceivedCopies received = new ReceivedCopies(carbons, sessions);
    final FakeSession balcony = connect("juliet@example.com/balcony", 5);
    final FakeSession chamber = connect("juliet@example.com/chamber", 1);
    final FakeSession garden = connect("juliet@example.com/garden", 1);
    final Jid romeo = Jid.of("romeo@example.com/orchard");

    static Element presence(int priority) {
        return Element.builder("presence").child(Element.builder("priority").text(Integer.toString(priority)).build()).build();
    }

    FakeSession connect(String jid, int priority) {
        FakeSession s = new FakeSession(jid, priority);
        online.put(s.jid, s);
        return s;
    }

    Element ask(FakeSession from, String type, String to, String payload) throws Exception {
        String addressed = to.isEmpty() ? "" : " to='" + to + "'";
        return command.handle(Iq.of(XmlStreams.parseElement("<iq type='" + type + "' id='c1' from='" + from.jid + "'" + addressed + ">" + payload + "</iq>")));
    }

    void enable(FakeSession s) throws Exception {
        assertEquals("result", ask(s, "set", "", "<enable xmlns='urn:xmpp:carbons:2'/>").attr("type"));
    }

    static Element xml(String xml) throws Exception {
        return XmlStreams.parseElement(xml);
    }

    static Element forwarded(Element copy, String direction) {
        return copy.child(direction, "urn:xmpp:carbons:2").orElseThrow().child("forwarded", "urn:xmpp:forward:0").orElseThrow()
                .child("message").orElseThrow();
    }

    @Test
    void whatOneResourceSendsTheOtherEnabledOnesSeeAsSent() throws Exception {
        enable(chamber);
        Element message = xml("<message type='chat' id='m1' from='juliet@example.com/balcony' to='romeo@example.com'><body>hi</body></message>");
        sent.process(balcony.jid, Jid.of("romeo@example.com"), message);
        Element copy = chamber.received.getFirst();
        assertEquals("juliet@example.com", copy.attr("from"));
        assertEquals("juliet@example.com/chamber", copy.attr("to"));
        assertEquals("chat", copy.attr("type"));
        assertEquals("hi", forwarded(copy, "sent").child("body").orElseThrow().text());
        assertEquals("jabber:client", forwarded(copy, "sent").namespace());
        assertTrue(garden.received.isEmpty(), "garden did not enable carbons");
        assertTrue(balcony.received.isEmpty(), "the sender gets no copy");
    }

    @Test
    void whatOneResourceReceivesTheOtherEnabledOnesSeeAsReceived() throws Exception {
        enable(balcony);
        enable(chamber);
        received.process(romeo, garden.jid, xml("<message type='chat' from='romeo@example.com/orchard' to='juliet@example.com/garden'><body>hi</body></message>"));
        assertEquals("hi", forwarded(balcony.received.getFirst(), "received").child("body").orElseThrow().text());
        assertEquals(1, chamber.received.size());
        assertTrue(garden.received.isEmpty());
    }

    @Test
    void aMessageToTheAccountIsCopiedOnceAndOnlyToResourcesThatDidNotGetIt() throws Exception {
        FakeSession tower = connect("juliet@example.com/tower", 5);   // balcony and tower share the top priority
        enable(balcony);
        enable(chamber);
        enable(tower);
        Element message = xml("<message type='chat' from='romeo@example.com/orchard' to='juliet@example.com'><body>hi</body></message>");
        received.process(romeo, tower.jid, message);
        received.process(romeo, balcony.jid, message);
        assertEquals(1, chamber.received.size(), "one copy, though two resources got the message");
        assertTrue(balcony.received.isEmpty());
        assertTrue(tower.received.isEmpty());
    }

    @Test
    void disablingAndClosingStopTheCopies() throws Exception {
        enable(chamber);
        ask(chamber, "set", "juliet@example.com", "<disable xmlns='urn:xmpp:carbons:2'/>");
        Element message = xml("<message type='chat' from='juliet@example.com/balcony' to='romeo@example.com'><body>hi</body></message>");
        sent.process(balcony.jid, romeo, message);
        assertTrue(chamber.received.isEmpty());
        ask(garden, "set", "example.com", "<enable xmlns='urn:xmpp:carbons:2'/>");
        carbons.closed(garden);
        sent.process(balcony.jid, romeo, message);
        assertTrue(garden.received.isEmpty());
    }

    @Test
    void onlyChatsAreCopiedAndNeverPrivateOnesOrCopies() throws Exception {
        enable(chamber);
        for (String notCopied : List.of(
                "<message type='groupchat' to='room@muc.example.com'><body>hi</body></message>",
                "<message type='headline' to='romeo@example.com'><body>hi</body></message>",
                "<message to='romeo@example.com'><subject>no body</subject></message>",
                "<message type='error' to='romeo@example.com'><error type='cancel'/></message>",
                "<message type='chat' to='romeo@example.com'><body>hi</body><private xmlns='urn:xmpp:carbons:2'/><no-copy xmlns='urn:xmpp:hints'/></message>",
                "<message type='chat' to='romeo@example.com'><body>hi</body><no-copy xmlns='urn:xmpp:hints'/></message>",
                "<message type='chat' to='romeo@example.com'><sent xmlns='urn:xmpp:carbons:2'/></message>"))
            sent.process(balcony.jid, romeo, xml(notCopied));
        assertTrue(chamber.received.isEmpty());
        sent.process(balcony.jid, romeo, xml("<message to='romeo@example.com'><body>normal with a body</body></message>"));
        sent.process(balcony.jid, romeo, xml("<message to='romeo@example.com'><received xmlns='urn:xmpp:receipts' id='x'/></message>"));
        assertEquals(2, chamber.received.size());
        received.process(romeo, balcony.jid, xml("<message type='chat' from='room@muc.example.com/nick' to='juliet@example.com/balcony'><body>pm</body><x xmlns='http://jabber.org/protocol/muc#user'/></message>"));
        assertEquals(2, chamber.received.size(), "a private message from a room is not copied");
    }

    @Test
    void errors() {
        assertEquals(Condition.BAD_REQUEST, assertThrows(StanzaException.class, () -> ask(balcony, "get", "", "<enable xmlns='urn:xmpp:carbons:2'/>")).error().condition());
        assertEquals(Condition.BAD_REQUEST, assertThrows(StanzaException.class, () -> ask(balcony, "set", "", "<toggle xmlns='urn:xmpp:carbons:2'/>")).error().condition());
        assertEquals(Condition.FORBIDDEN, assertThrows(StanzaException.class, () -> ask(balcony, "set", "romeo@example.com", "<enable xmlns='urn:xmpp:carbons:2'/>")).error().condition());
    }

    @Test
    void resourcesOnOtherNodesAreSentTheCopiesThereWhereOnlyThoseThatEnabledCarbonsLetThemIn() throws Exception {
        Jid inn = Jid.of("juliet@example.com/inn");
        Jid street = Jid.of("juliet@example.com/street");
        elsewhere.put(inn, 1);
        elsewhere.put(street, 1);
        sent.process(balcony.jid, Jid.of("romeo@example.com"), xml("<message type='chat' from='juliet@example.com/balcony' to='romeo@example.com'><body>hi</body></message>"));
        assertEquals(List.of(inn.toString(), street.toString()), routed.stream().map(c -> c.attr("to")).sorted().toList(),
                "each available resource on another node, where its node's carbons module decides");
        assertEquals("hi", forwarded(routed.getFirst(), "sent").child("body").orElseThrow().text());

        // On the receiving node: the copy reaches a session there only if it enabled carbons.
        RemoteCopies filter = new RemoteCopies(carbons);
        Element copy = routed.getFirst().withAttr("to", garden.jid.toString());
        assertEquals(null, filter.process(Jid.of("juliet@example.com"), garden.jid, copy), "garden did not enable carbons");
        enable(garden);
        assertEquals(copy, filter.process(Jid.of("juliet@example.com"), garden.jid, copy));
        Element fromSomeoneElse = copy.withAttr("from", "romeo@example.com");
        assertEquals(fromSomeoneElse, filter.process(Jid.of("romeo@example.com"), chamber.jid, fromSomeoneElse), "not a copy: only the account sends those");
    }

    @Test
    void aMessageToTheAccountIsCopiedByTheNodeOfTheFirstResourceOfTopPriorityAcrossTheCluster() throws Exception {
        elsewhere.put(Jid.of("juliet@example.com/attic"), 5);   // before balcony (5) in JID order, on another node
        enable(chamber);
        Element message = xml("<message type='chat' from='romeo@example.com/orchard' to='juliet@example.com'><body>hi</body></message>");
        received.process(romeo, balcony.jid, message);
        assertTrue(chamber.received.isEmpty(), "attic's node copies it, when the message reaches attic there");
        assertTrue(routed.isEmpty(), "and so nothing from here");
    }
}
