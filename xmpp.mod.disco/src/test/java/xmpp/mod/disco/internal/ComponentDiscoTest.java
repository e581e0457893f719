package xmpp.mod.disco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class ComponentDiscoTest {

    final DiscoCatalog catalog = new DiscoCatalog();
    final List<Element> routed = new ArrayList<>();
    final ComponentDisco hook = new ComponentDisco(catalog, (from, to, stanza) -> routed.add(stanza));
    final Jid romeo = Jid.of("romeo@localhost/r");

    {
        catalog.add(1L, Map.of("objectClass", new String[] {"xmpp.core.route.Component"}, "xmpp.route", "echo.localhost"));
        catalog.add(2L, Map.of("objectClass", new String[] {"xmpp.core.route.Component"}, "xmpp.route", "conference.localhost",
                "xmpp.disco.identity", "conference/text/Chat rooms"));
        catalog.add(3L, Map.of("objectClass", new String[] {"xmpp.core.route.Component"}, "xmpp.route", "muc.localhost",
                "xmpp.disco.identity", "conference/text/Rooms", "xmpp.disco.self", "true"));
    }

    Element ask(String to, String query) throws Exception {
        return hook.process(romeo, Jid.of(to), XmlStreams.parseElement("<iq type='get' id='c1' to='" + to + "'>" + query + "</iq>"));
    }

    @Test
    void aComponentsInfoIsAnsweredWithItsIdentity() throws Exception {
        assertNull(ask("conference.localhost", "<query xmlns='http://jabber.org/protocol/disco#info'/>"), "answered here");
        Element reply = routed.getFirst();
        assertEquals("result", reply.attr("type"));
        assertEquals("c1", reply.attr("id"));
        assertEquals("conference.localhost", reply.attr("from"));
        assertEquals("romeo@localhost/r", reply.attr("to"));
        Element identity = reply.firstElement().orElseThrow().child("identity").orElseThrow();
        assertEquals("conference", identity.attr("category"));
        assertEquals("text", identity.attr("type"));
        assertEquals("Chat rooms", identity.attr("name"));
    }

    @Test
    void aComponentWithoutIdentityGetsAGenericOneAndNoItems() throws Exception {
        ask("echo.localhost", "<query xmlns='http://jabber.org/protocol/disco#info'/>");
        Element identity = routed.getFirst().firstElement().orElseThrow().child("identity").orElseThrow();
        assertEquals("component", identity.attr("category"));
        assertEquals("generic", identity.attr("type"));
        ask("echo.localhost", "<query xmlns='http://jabber.org/protocol/disco#items'/>");
        assertTrue(routed.get(1).firstElement().orElseThrow().elements().isEmpty());
    }

    @Test
    void everythingElseGoesOn() throws Exception {
        for (String[] request : List.of(
                new String[] {"echo.localhost", "<ping xmlns='urn:xmpp:ping'/>"},
                new String[] {"room@conference.localhost", "<query xmlns='http://jabber.org/protocol/disco#info'/>"},
                new String[] {"conference.localhost", "<query xmlns='http://jabber.org/protocol/disco#info' node='x'/>"},
                new String[] {"muc.localhost", "<query xmlns='http://jabber.org/protocol/disco#info'/>"},
                new String[] {"muc.localhost", "<query xmlns='http://jabber.org/protocol/disco#items'/>"},
                new String[] {"nothing.localhost", "<query xmlns='http://jabber.org/protocol/disco#info'/>"},
                new String[] {"localhost", "<query xmlns='http://jabber.org/protocol/disco#info'/>"})) {
            Element stanza = XmlStreams.parseElement("<iq type='get' id='c1' to='" + request[0] + "'>" + request[1] + "</iq>");
            assertSame(stanza, hook.process(romeo, Jid.of(request[0]), stanza), request[0] + " " + request[1]);
        }
        assertTrue(routed.isEmpty());
    }

    @Test
    void aComponentsDeclaredFeaturesAreItsOwnNotTheServers() throws Exception {
        catalog.add(3L, Map.of("objectClass", new String[] {"xmpp.core.route.Component"}, "xmpp.route", "pubsub.localhost",
                "xmpp.disco.identity", "pubsub/service", "xmpp.disco.feature", new String[] {"http://jabber.org/protocol/pubsub"}));
        ask("pubsub.localhost", "<query xmlns='http://jabber.org/protocol/disco#info'/>");
        List<String> features = routed.getFirst().firstElement().orElseThrow().elements().stream()
                .filter(e -> e.name().equals("feature")).map(e -> e.attr("var")).toList();
        assertEquals(List.of("http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/pubsub"), features);
        assertTrue(catalog.serverFeatures("localhost").isEmpty(), "the server does not offer what its component does");
    }
}
