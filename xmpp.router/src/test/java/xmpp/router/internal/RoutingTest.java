package xmpp.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xmpp.router.internal.Harness.props;
import static xmpp.router.internal.Harness.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Component;
import xmpp.core.spi.route.NodeLink;
import xmpp.core.spi.route.S2SManager;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;
import xmpp.router.internal.Harness.FakeSession;

/** The router's lookup order (seed section 3.1) and the local router's handling of the server's own JID. */
class RoutingTest {

    final Harness h = new Harness();
    final FakeSession romeo = h.session("romeo@localhost/orchard", 0);

    record Routed(Jid from, Jid to, Element stanza) {
    }

    static final class Recorder implements Component, S2SManager {
        final List<Routed> got = new ArrayList<>();

        @Override
        public void route(Jid from, Jid to, Element stanza) {
            got.add(new Routed(from, to, stanza));
        }
    }

    @Test
    void aComponentGetsEveryStanzaForItsDomainWhileRegistered() throws Exception {
        Recorder echo = new Recorder();
        h.router.addComponent(echo, props(Component.ROUTE, "Echo.Localhost"));
        h.route("<message from='romeo@localhost/orchard' to='echo.localhost' id='m1'><body>hi</body></message>");
        h.route("<iq from='romeo@localhost/orchard' to='x@echo.localhost/r' id='i1' type='get'><q xmlns='q'/></iq>");
        assertEquals(2, echo.got.size());
        assertEquals(Jid.of("echo.localhost"), echo.got.get(0).to());
        assertEquals(Set.of("local"), h.routeTable.nodes("echo.localhost"), "published in the global table");

        h.router.removeComponent(echo);
        h.route("<message from='romeo@localhost/orchard' to='echo.localhost' id='m2'><body>hi</body></message>");
        assertEquals("service-unavailable", romeo.nextError(), "a service of this server that is gone");
        assertEquals(Set.of(), h.routeTable.nodes("echo.localhost"));
    }

    @Test
    void aSecondComponentForTheSameDomainWaitsAndTakesOver() throws Exception {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        h.router.addComponent(first, props(Component.ROUTE, "svc.localhost"));
        h.router.addComponent(second, props(Component.ROUTE, new String[] {"svc.localhost", "other.localhost"}));
        h.route("<message from='romeo@localhost/orchard' to='svc.localhost'/>");
        h.route("<message from='romeo@localhost/orchard' to='other.localhost'/>");
        assertEquals(1, first.got.size());
        assertEquals(1, second.got.size());
        h.router.removeComponent(first);
        h.route("<message from='romeo@localhost/orchard' to='svc.localhost'/>");
        assertEquals(2, second.got.size());
        assertEquals(Set.of("local"), h.routeTable.nodes("svc.localhost"), "still routed after the first left");
    }

    @Test
    void aComponentThatThrowsCostsOneInternalServerError() throws Exception {
        h.router.addComponent((from, to, stanza) -> { throw new IllegalStateException("bug"); }, props(Component.ROUTE, "bad.localhost"));
        h.route("<message from='romeo@localhost/orchard' to='bad.localhost' id='b1'/>");
        assertEquals("internal-server-error", romeo.nextError());
        h.route("<message from='romeo@localhost/orchard' to='romeo@localhost/orchard' id='ok'/>");
        assertEquals("ok", romeo.next().attr("id"), "the router lives on");
    }

    @Test
    void theGlobalTableSendsStanzasToTheNodeServingTheDomain() throws Exception {
        h.routeTable.add("muc.example.net", "node2");
        List<String> forwarded = new ArrayList<>();
        NodeLink link = (node, from, to, stanza) -> forwarded.add(node + " " + to);
        h.router.setNodeLink(link);
        romeo.received.clear();   // his presence, announced again as the link arrived (TableSwapTest)
        h.route("<message from='romeo@localhost/orchard' to='room@muc.example.net'/>");
        assertEquals(List.of("node2 room@muc.example.net"), forwarded);

        h.router.unsetNodeLink(link);
        h.route("<message from='romeo@localhost/orchard' to='room@muc.example.net' id='n'/>");
        assertEquals("service-unavailable", romeo.nextError(), "that node cannot be reached");
    }

    @Test
    void remoteDomainsGoToTheS2SManagerOrBounceRemoteServerNotFound() throws Exception {
        h.route("<message from='romeo@localhost/orchard' to='juliet@capulet.example' id='r1'><body>hi</body></message>");
        Element bounce = romeo.next();
        assertEquals("r1", bounce.attr("id"));
        assertEquals("juliet@capulet.example", bounce.attr("from"), "from the address it could not reach");
        assertEquals("romeo@localhost/orchard", bounce.attr("to"));
        assertEquals("remote-server-not-found", bounce.child("error").orElseThrow().firstElement().orElseThrow().name());
        assertTrue(bounce.child("error").orElseThrow().child("text").orElseThrow().text().contains("capulet.example"));

        h.route("<message from='romeo@localhost/orchard' to='juliet@capulet.example' type='error' id='r2'/>");
        romeo.expectNothing();   // an error is never bounced: no loop

        Recorder s2s = new Recorder();
        h.router.setS2SManager(s2s);
        h.route("<message from='romeo@localhost/orchard' to='juliet@capulet.example' id='r3'/>");
        assertEquals("r3", s2s.got.getFirst().stanza().attr("id"));
        romeo.expectNothing();
    }

    @Test
    void iqToTheServerGoesToALocalHandler() throws Exception {
        h.iqs.addIqHandler(iq -> iq.resultReply(Element.of("pong", "urn:test")),
                props("xmpp.iq.namespace", "urn:xmpp:ping", "xmpp.iq.discipline", "no_queue"));
        h.route("<iq from='romeo@localhost/orchard' to='localhost' id='p1' type='get'><ping xmlns='urn:xmpp:ping'/></iq>");
        Element reply = romeo.next();
        assertEquals("result", reply.attr("type"));
        assertEquals("p1", reply.attr("id"));
        assertEquals("localhost", reply.attr("from"));
    }

    @Test
    void iqToTheServerWithoutHandlerOrMalformed() throws Exception {
        h.route("<iq from='romeo@localhost/orchard' to='localhost' id='v1' type='get'><query xmlns='jabber:iq:version'/></iq>");
        assertEquals("service-unavailable", romeo.nextError());
        h.route("<iq from='romeo@localhost/orchard' to='localhost' type='get'><query xmlns='jabber:iq:version'/></iq>");
        assertEquals("bad-request", romeo.nextError(), "an iq without id");
        h.route("<iq from='romeo@localhost/orchard' to='localhost' id='r' type='result'/>");
        h.route("<iq from='romeo@localhost/orchard' to='localhost' id='e' type='error'/>");
        romeo.expectNothing();   // results and errors to the server are dropped
        h.route("<iq from='romeo@localhost/orchard' to='localhost/res' id='x' type='get'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertEquals("service-unavailable", romeo.nextError(), "the server has no resources");
    }

    @Test
    void messagesAndPresenceToTheServer() throws Exception {
        h.route("<message from='romeo@localhost/orchard' to='localhost' id='m'><body>hello server</body></message>");
        assertEquals("service-unavailable", romeo.nextError());
        h.route("<message from='romeo@localhost/orchard' to='localhost' type='headline'/>");
        h.route("<presence from='romeo@localhost/orchard' to='localhost'/>");
        romeo.expectNothing();
    }

    @Test
    void hostsChangeLiveWithoutDroppingSessions() throws Exception {
        assertTrue(h.router.isServed("example.org"));
        h.router.modified(Harness.config("localhost", "Chat.Example.COM"));
        assertEquals(Set.of("localhost", "chat.example.com"), h.router.all());
        assertFalse(h.router.isServed("example.org"));
        h.route("<message from='romeo@localhost/orchard' to='juliet@example.org' id='gone'/>");
        assertEquals("remote-server-not-found", romeo.nextError());
        h.route("<message from='romeo@localhost/orchard' to='romeo@localhost/orchard' id='still'/>");
        assertEquals("still", romeo.next().attr("id"));
        assertEquals(null, romeo.closedWith);
        h.router.modified(Harness.config("localhost, example.org", "chat.example.com"));
        assertEquals(Set.of("localhost", "example.org", "chat.example.com"), h.router.all(), "a .cfg list is one string");
    }

    @Test
    void aSecondLoginWithTheSameFullJidReplacesTheFirst() throws Exception {
        FakeSession again = h.session("romeo@localhost/orchard", 1);
        assertEquals(StreamError.Condition.CONFLICT, romeo.closedWith.condition());
        h.router.unbind(romeo);   // the old session cleans up late: it must not remove the new one
        h.route("<message from='romeo@localhost/other' to='romeo@localhost/orchard' id='n'/>");
        assertEquals("n", again.next().attr("id"));
        assertEquals(1, h.sessionTable.size());
    }

    @Test
    void routedStanzasAreCountedByKind() throws Exception {
        h.route("<message from='romeo@localhost/orchard' to='juliet@localhost' id='m1'><body>hi</body></message>");
        h.route("<message from='romeo@localhost/orchard' to='juliet@localhost' id='m2'><body>hi</body></message>");
        h.route("<presence from='romeo@localhost/orchard' to='juliet@localhost' type='subscribe'/>");
        long before = h.router.routed("iq");
        h.route("<iq from='romeo@localhost/orchard' to='localhost' id='i1' type='get'><q xmlns='urn:none'/></iq>");
        assertTrue(h.router.routed("message") >= 2, "messages: " + h.router.routed("message"));
        assertTrue(h.router.routed("presence") >= 1);
        assertTrue(h.router.routed("iq") > before);
        assertEquals(h.router.routed("message") + h.router.routed("presence") + h.router.routed("iq") + h.router.routed("other"),
                h.router.routedCount(), "the kinds add up to the total");
    }
}
