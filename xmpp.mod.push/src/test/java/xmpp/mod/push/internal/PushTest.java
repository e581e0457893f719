package xmpp.mod.push.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** XEP-0357: enable and disable, and the summary notification for a message that reaches no session. */
class PushTest {

    static final Jid JULIET = Jid.of("juliet@example.com");
    static final Jid ROMEO = Jid.of("romeo@example.net/orchard");
    static final Jid APP = Jid.of("push.example.org");

    final Map<String, Element> stored = new ConcurrentHashMap<>();
    final PrivateXmlStore privateXml = new PrivateXmlStore() {
        @Override public Optional<Element> get(Jid owner, String namespace) { return Optional.ofNullable(stored.get(owner + namespace)); }
        @Override public void put(Jid owner, Element element) { stored.put(owner + element.namespace(), element); }
    };
    final List<Element> routed = new ArrayList<>();
    final Router router = (from, to, stanza) -> routed.add(stanza);
    final Registrations registrations = new Registrations(privateXml);
    final PushCommands commands = new PushCommands(config(2), registrations);
    final SentNotifications sent = new SentNotifications();
    final Notifier notifier = new Notifier(registrations, router, sent);
    final OfflinePush offline = new OfflinePush(notifier);
    final List<Session> online = new ArrayList<>();
    final UnreachablePush unreachable = new UnreachablePush(notifier, sessions());

    static PushConfig config(int max) {
        return config(max, 5);
    }

    static PushConfig config(int max, int maxErrors) {
        return new PushConfig() {
            @Override public String xmpp_host() { return "*"; }
            @Override public int max_registrations() { return max; }
            @Override public int max_errors() { return maxErrors; }
            @Override public Class<? extends Annotation> annotationType() { return PushConfig.class; }
        };
    }

    Sessions sessions() {
        return new Sessions() {
            @Override public Optional<Element> presenceOf(Jid fullJid) { return Optional.empty(); }
            @Override public Optional<Session> session(Jid fullJid) { return Optional.empty(); }
            @Override public List<Session> sessionsOf(Jid bareJid) { return List.copyOf(online); }
            @Override public boolean accountExists(Jid account) { return true; }
            @Override public Collection<Session> sessions() { return List.copyOf(online); }
        };
    }

    static Session session(Jid jid, boolean reachable) {
        return new Session() {
            @Override public Jid jid() { return jid; }
            @Override public void deliver(Element stanza) { }
            @Override public void close(StreamError error) { }
            @Override public boolean reachable() { return reachable; }
        };
    }

    Element set(Jid from, String payload) throws Exception {
        return commands.handle(Iq.of(XmlStreams.parseElement("<iq type='set' id='e1' from='" + from + "'>" + payload + "</iq>")));
    }

    static String enable(String node, String fields) {
        return "<enable xmlns='urn:xmpp:push:0' jid='push.example.org' node='" + node + "'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                + "<field var='secret'><value>s3cr3t</value></field>" + fields + "</x></enable>";
    }

    static Element message(String body) throws Exception {
        return XmlStreams.parseElement("<message type='chat' from='romeo@example.net/orchard' to='juliet@example.com'><body>" + body + "</body></message>");
    }

    static Map<String, String> summary(Element publish) {
        assertEquals("set", publish.attr("type"));
        assertEquals("juliet@example.com", publish.attr("from"));
        Element form = publish.child("pubsub", Notifier.PUBSUB).orElseThrow().child("publish").orElseThrow().child("item").orElseThrow()
                .child("notification", Registration.NS).orElseThrow().child("x", Registration.DATA).orElseThrow();
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (Element f : form.elements()) fields.put(f.attr("var"), f.child("value").orElseThrow().text());
        return fields;
    }

    @Test
    void aMessageForAnOfflineUserIsSummarisedToHerAppServerWithHerPublishOptions() throws Exception {
        assertEquals("result", set(JULIET.withResource("phone"), enable("node1", "")).attr("type"));
        Element m = message("Wherefore art thou?");
        assertEquals(m, offline.process(ROMEO, JULIET, m), "offline storage still keeps it");
        offline.process(ROMEO, JULIET, message("again"));
        assertEquals(2, routed.size());
        Element publish = routed.get(1);
        assertEquals("push.example.org", publish.attr("to"));
        assertEquals("node1", publish.child("pubsub").orElseThrow().child("publish").orElseThrow().attr("node"));
        assertEquals(Map.of("FORM_TYPE", "urn:xmpp:push:summary", "message-count", "2", "last-message-sender", ROMEO.toString()), summary(publish),
                "no body unless the client asked for it");
        Element options = publish.child("pubsub").orElseThrow().child("publish-options").orElseThrow().child("x", Registration.DATA).orElseThrow();
        assertTrue(options.toXml().contains("s3cr3t"));
    }

    @Test
    void theBodyIsSentOnlyWhenTheEnableFormAskedForItAndTheCountRestartsWhenSheComesOnline() throws Exception {
        set(JULIET.withResource("phone"), enable("node1", "<field var='last-message-body'><value>true</value></field>"));
        offline.process(ROMEO, JULIET, message("Wherefore art thou?"));
        assertEquals("Wherefore art thou?", summary(routed.getFirst()).get("last-message-body"));
        Element options = routed.getFirst().child("pubsub").orElseThrow().child("publish-options").orElseThrow().child("x").orElseThrow();
        assertTrue(!options.toXml().contains("last-message-body"), "the request for the body is the server's, not the app server's");
        notifier.available(session(JULIET.withResource("phone"), true), XmlStreams.parseElement("<presence/>"), Optional.empty());
        offline.process(ROMEO, JULIET, message("later"));
        assertEquals("1", summary(routed.getLast()).get("message-count"));
    }

    @Test
    void disablingStopsTheNotificationsAndOnlyTheOwnerEnables() throws Exception {
        set(JULIET.withResource("phone"), enable("node1", ""));
        set(JULIET.withResource("tablet"), enable("node2", ""));
        offline.process(ROMEO, JULIET, message("two devices"));
        assertEquals(2, routed.size());
        set(JULIET.withResource("phone"), "<disable xmlns='urn:xmpp:push:0' jid='push.example.org' node='node1'/>");
        offline.process(ROMEO, JULIET, message("one device"));
        assertEquals(3, routed.size());
        set(JULIET.withResource("phone"), "<disable xmlns='urn:xmpp:push:0' jid='push.example.org'/>");
        offline.process(ROMEO, JULIET, message("none"));
        assertEquals(3, routed.size());
        StanzaException e = assertThrows(StanzaException.class, () -> commands.handle(Iq.of(XmlStreams.parseElement(
                "<iq type='set' id='e2' from='romeo@example.net/orchard' to='juliet@example.com'>" + enable("x", "") + "</iq>"))));
        assertEquals(Condition.FORBIDDEN, e.error().condition());
        set(JULIET.withResource("phone"), enable("a", ""));
        set(JULIET.withResource("phone"), enable("b", ""));
        e = assertThrows(StanzaException.class, () -> set(JULIET.withResource("phone"), enable("c", "")));
        assertEquals(Condition.RESOURCE_CONSTRAINT, e.error().condition());
    }

    static Element remoteDisable(String from, String node) throws Exception {
        return XmlStreams.parseElement("<message from='" + from + "' to='juliet@example.com'><pubsub xmlns='http://jabber.org/protocol/pubsub' node='"
                + node + "'><affiliation jid='juliet@example.com' affiliation='none'/></pubsub></message>");
    }

    @Test
    void anAppServerDisablesItsNodeByAnAffiliationChangeWhichNoClientSeesAndNoOneElseCanSend() throws Exception {
        RemoteDisabling remote = new RemoteDisabling(registrations);
        set(JULIET.withResource("phone"), enable("node1", ""));
        set(JULIET.withResource("tablet"), enable("node2", ""));
        Element forged = remoteDisable("romeo@example.net/orchard", "node1");
        assertSame(forged, remote.process(ROMEO, JULIET.withResource("phone"), forged), "not her app server: passed on, nothing disabled");
        Element fromApp = remoteDisable("push.example.org", "node1");
        assertNull(remote.process(APP, JULIET.withResource("phone"), fromApp), "for the server, not for her clients");
        assertNull(remote.process(APP, JULIET.withResource("tablet"), fromApp), "nor for her other session");
        offline.process(ROMEO, JULIET, message("to the tablet only"));
        assertEquals(List.of("node2"), routed.stream().map(p -> p.child("pubsub").orElseThrow().child("publish").orElseThrow().attr("node")).toList());
        Element whileOffline = remoteDisable("push.example.org", "node2");
        assertNull(remote.process(APP, JULIET, whileOffline), "also when she is offline");
        offline.process(ROMEO, JULIET, message("to no one"));
        assertEquals(1, routed.size());
    }

    @Test
    void aDeliveryToSessionsNoneOfWhichIsReachableIsNotifiedOnceAndAReachableOneIsNot() throws Exception {
        set(JULIET.withResource("phone"), enable("node1", ""));
        online.add(session(JULIET.withResource("phone"), false));
        online.add(session(JULIET.withResource("tablet"), false));
        Element m = message("to the account");
        unreachable.process(ROMEO, JULIET.withResource("phone"), m);
        unreachable.process(ROMEO, JULIET.withResource("tablet"), m);
        assertEquals(1, routed.size(), "one message, one notification");
        online.add(session(JULIET.withResource("laptop"), true));
        unreachable.process(ROMEO, JULIET.withResource("phone"), message("someone will see it"));
        assertEquals(1, routed.size());
        Element typing = XmlStreams.parseElement("<message type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
        offline.process(ROMEO, JULIET, typing);
        assertEquals(1, routed.size(), "nothing to wake a phone for");
    }

    /** The app server's answer to the last notification published to {@code node}: a result, or an error of {@code errorType}. */
    Element answerToTheLast(String node, String errorType) throws Exception {
        Element publish = routed.reversed().stream()
                .filter(p -> p.child("pubsub").orElseThrow().child("publish").orElseThrow().attr("node").equals(node)).findFirst().orElseThrow();
        String error = errorType.isEmpty() ? "" : "<error type='" + errorType + "'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>";
        return XmlStreams.parseElement("<iq type='" + (errorType.isEmpty() ? "result" : "error") + "' id='" + publish.attr("id")
                + "' from='push.example.org' to='juliet@example.com'>" + error + "</iq>");
    }

    int notificationsFor(String message) throws Exception {
        int before = routed.size();
        offline.process(ROMEO, JULIET, message(message));
        return routed.size() - before;
    }

    @Test
    void anAppServerThatAnswersWithErrorsInARowLosesItsRegistrationButAResultOrAWaitDoesNotCount() throws Exception {
        AppServerAnswers answers = new AppServerAnswers(config(2, 3), registrations, sent);
        set(JULIET.withResource("phone"), enable("gone", ""));
        set(JULIET.withResource("tablet"), enable("kept", ""));
        for (String node1Answer : List.of("cancel", "", "cancel", "wait", "cancel")) {
            assertEquals(2, notificationsFor("still two devices"));
            assertEquals(null, answers.process(APP, JULIET, answerToTheLast("gone", node1Answer)), "an answer to the module's own request");
            answers.process(APP, JULIET, answerToTheLast("kept", ""));
        }
        assertEquals(2, notificationsFor("one error more"));
        answers.process(APP, JULIET, answerToTheLast("gone", "cancel"));
        assertEquals(1, notificationsFor("only the tablet"), "three errors in a row disabled the phone's registration");
        Element others = XmlStreams.parseElement("<iq type='error' id='abc' from='push.example.org' to='juliet@example.com'/>");
        assertEquals(others, answers.process(APP, JULIET, others), "another module's answer goes on");
    }

    @Test
    void answersToNotificationsNeverSentOrFromAnotherSenderNeitherCountNorAreSwallowed() throws Exception {
        AppServerAnswers answers = new AppServerAnswers(config(2, 2), registrations, sent);
        set(JULIET.withResource("phone"), enable("gone", ""));
        for (int i = 0; i < 4; i++) {
            Element forged = XmlStreams.parseElement("<iq type='error' id='push-forged" + i + ":gone' from='push.example.org' to='juliet@example.com'>"
                    + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
            assertEquals(forged, answers.process(APP, JULIET, forged), "an id the module never sent is someone else's");
        }
        assertEquals(1, notificationsFor("still registered after forged errors"));
        Jid other = Jid.of("evil.example");
        for (int i = 0; i < 2; i++) {
            Element fromElsewhere = answerToTheLast("gone", "cancel");
            assertEquals(fromElsewhere, answers.process(other, JULIET, fromElsewhere), "not the registration's app server");
            assertEquals(1, notificationsFor("still registered " + i));
        }
        Element answered = answerToTheLast("gone", "cancel");
        assertEquals(null, answers.process(APP, JULIET, answered));
        assertEquals(answered, answers.process(APP, JULIET, answered), "one notification, one answer");
        assertEquals(1, notificationsFor("one error counted, the repeat not"));
    }
}
