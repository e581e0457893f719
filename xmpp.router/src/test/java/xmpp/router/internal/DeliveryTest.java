package xmpp.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static xmpp.router.internal.Harness.props;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import xmpp.core.auth.Authenticator;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;
import xmpp.router.internal.Harness.FakeSession;

/** RFC 6121 section 8.5: delivery to a local user's bare and full JIDs. */
class DeliveryTest {

    final Harness h = new Harness();
    final FakeSession romeo = h.session("romeo@localhost/orchard", 0);

    static final String FROM = " from='romeo@localhost/orchard' ";

    // ---- 8.5.2.1.1: messages to the bare JID with available resources

    @Test
    void highestNonNegativePriorityGetsTheMessage() throws Exception {
        FakeSession low = h.session("juliet@localhost/low", 1);
        FakeSession high = h.session("juliet@localhost/high", 5);
        h.route("<message" + FROM + "to='juliet@localhost' type='chat' id='c'/>");
        Element got = high.next();
        assertEquals("c", got.attr("id"));
        assertEquals("juliet@localhost", got.attr("to"), "the 'to' stays the bare JID");
        low.expectNothing();
    }

    @Test
    void equalHighestPrioritiesAllGetIt() throws Exception {
        FakeSession a = h.session("juliet@localhost/a", 3);
        FakeSession b = h.session("juliet@localhost/b", 3);
        FakeSession c = h.session("juliet@localhost/c", 2);
        h.route("<message" + FROM + "to='juliet@localhost' id='n'/>");
        assertEquals("n", a.next().attr("id"));
        assertEquals("n", b.next().attr("id"));
        c.expectNothing();
    }

    @Test
    void negativePriorityAndNoPresenceNeverGetBareJidMessages() throws Exception {
        FakeSession negative = h.session("juliet@localhost/negative", -1);
        FakeSession silent = h.session("juliet@localhost/silent", null);
        h.route("<message" + FROM + "to='juliet@localhost' type='chat' id='c'/>");
        assertEquals("service-unavailable", romeo.nextError(), "as if offline: no offline store is installed");
        negative.expectNothing();
        silent.expectNothing();
    }

    @Test
    void headlineGoesToEveryNonNegativeResource() throws Exception {
        FakeSession a = h.session("juliet@localhost/a", 3);
        FakeSession b = h.session("juliet@localhost/b", 0);
        FakeSession neg = h.session("juliet@localhost/neg", -5);
        h.route("<message" + FROM + "to='juliet@localhost' type='headline' id='h'/>");
        assertEquals("h", a.next().attr("id"));
        assertEquals("h", b.next().attr("id"));
        neg.expectNothing();
    }

    @Test
    void groupchatToABareJidIsRefusedAndErrorsAreDropped() throws Exception {
        FakeSession j = h.session("juliet@localhost/a", 3);
        h.route("<message" + FROM + "to='juliet@localhost' type='groupchat' id='g'/>");
        assertEquals("service-unavailable", romeo.nextError());
        h.route("<message" + FROM + "to='juliet@localhost' type='error' id='e'/>");
        j.expectNothing();
        romeo.expectNothing();
    }

    // ---- 8.5.2.2.1: no available resource

    @Test
    void anOfflineHookThatStoresTheMessageStopsTheBounce() throws Exception {
        List<Element> stored = new ArrayList<>();
        h.hooks.addHook((from, to, stanza) -> { stored.add(stanza); return null; }, props(StanzaHook.POINT, StanzaHook.OFFLINE_MESSAGE));
        h.route("<message" + FROM + "to='juliet@localhost' type='chat' id='o1'><body>later</body></message>");
        assertEquals("o1", stored.getFirst().attr("id"));
        romeo.expectNothing();
    }

    @Test
    void aMessageToAnAccountThatDoesNotExistIsBouncedWithoutReachingTheOfflineStore() throws Exception {
        List<Element> stored = new ArrayList<>();
        h.hooks.addHook((from, to, stanza) -> { stored.add(stanza); return null; }, props(StanzaHook.POINT, StanzaHook.OFFLINE_MESSAGE));
        h.router.addAuthenticator(new Authenticator() {
            @Override public boolean checkPassword(String u, String host, String p) { return false; }
            @Override public boolean userExists(String u, String host) { return u.equals("juliet"); }
            @Override public boolean setPassword(String u, String host, String p) { return false; }
        }, props(Authenticator.HOST, "localhost"));
        h.route("<message" + FROM + "to='nobody@localhost' id='x'/>");
        assertEquals("service-unavailable", romeo.nextError());
        h.route("<iq" + FROM + "to='nobody@localhost' id='i' type='get'><vCard xmlns='vcard-temp'/></iq>");
        assertEquals("service-unavailable", romeo.nextError());
        h.route("<message" + FROM + "to='juliet@localhost' id='y'/>");
        assertEquals(1, stored.size(), "juliet exists: stored");
    }

    // ---- 8.5.3: full JIDs

    @Test
    void aFullJidGetsEverythingEvenWithoutPresenceOrWithNegativePriority() throws Exception {
        FakeSession silent = h.session("juliet@localhost/silent", null);
        FakeSession neg = h.session("juliet@localhost/neg", -3);
        h.route("<message" + FROM + "to='juliet@localhost/silent' id='1'/>");
        h.route("<iq" + FROM + "to='juliet@localhost/neg' id='2' type='get'><query xmlns='jabber:iq:version'/></iq>");
        h.route("<presence" + FROM + "to='juliet@localhost/neg'/>");
        assertEquals("1", silent.next().attr("id"));
        assertEquals("2", neg.next().attr("id"));
        assertEquals("presence", neg.next().name());
    }

    @Test
    void aMissingResource() throws Exception {
        FakeSession j = h.session("juliet@localhost/balcony", 1);
        h.route("<message" + FROM + "to='juliet@localhost/gone' type='chat' id='c'/>");
        assertEquals("c", j.next().attr("id"), "chat falls back to the bare JID");
        h.route("<message" + FROM + "to='juliet@localhost/gone' id='n'/>");
        assertEquals("service-unavailable", romeo.nextError(), "normal is refused");
        h.route("<message" + FROM + "to='juliet@localhost/gone' type='headline'/>");
        h.route("<presence" + FROM + "to='juliet@localhost/gone'/>");
        h.route("<iq" + FROM + "to='juliet@localhost/gone' id='r' type='result'/>");
        romeo.expectNothing();
        j.expectNothing();
        h.route("<iq" + FROM + "to='juliet@localhost/gone' id='g' type='get'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertEquals("service-unavailable", romeo.nextError());
    }

    // ---- presence

    @Test
    void presenceToTheBareJidReachesEveryAvailableResource() throws Exception {
        FakeSession a = h.session("juliet@localhost/a", 3);
        FakeSession neg = h.session("juliet@localhost/neg", -1);
        FakeSession silent = h.session("juliet@localhost/silent", null);
        h.route("<presence" + FROM + "to='juliet@localhost'/>");
        assertEquals("presence", a.next().name());
        assertEquals("presence", neg.next().name(), "presence is not restricted by priority");
        silent.expectNothing();
    }

    @Test
    void subscriptionsConcernTheAccountAndProbesAreNeverDelivered() throws Exception {
        FakeSession a = h.session("juliet@localhost/a", 3);
        FakeSession b = h.session("juliet@localhost/b", 1);
        h.route("<presence" + FROM + "to='juliet@localhost/a' type='subscribe'/>");
        Element toA = a.next();
        assertEquals("subscribe", toA.attr("type"));
        assertEquals("subscribe", b.next().attr("type"), "to every available resource, though sent to one");
        h.route("<presence" + FROM + "to='juliet@localhost' type='probe'/>");
        h.route("<presence" + FROM + "to='juliet@localhost/a' type='probe'/>");
        a.expectNothing();
        b.expectNothing();
    }

    // ---- IQs to the bare JID: the server answers for the account (scope sm)

    @Test
    void iqToTheBareJidGoesToAnSmHandler() throws Exception {
        FakeSession j = h.session("juliet@localhost/a", 3);
        h.route("<iq" + FROM + "to='juliet@localhost' id='v1' type='get'><vCard xmlns='vcard-temp'/></iq>");
        assertEquals("service-unavailable", romeo.nextError(), "no handler of scope sm");
        h.iqs.addIqHandler(iq -> iq.resultReply(Element.of("vCard", "vcard-temp")),
                props("xmpp.iq.namespace", "vcard-temp", "xmpp.iq.scope", "sm"));
        h.route("<iq" + FROM + "to='juliet@localhost' id='v2' type='get'><vCard xmlns='vcard-temp'/></iq>");
        Element reply = romeo.next();
        assertEquals("result", reply.attr("type"));
        assertEquals("juliet@localhost", reply.attr("from"));
        j.expectNothing();
    }
}
