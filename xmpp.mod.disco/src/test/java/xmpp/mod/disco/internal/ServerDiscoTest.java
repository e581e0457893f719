package xmpp.mod.disco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xmpp.mod.disco.internal.DiscoTestSupport.error;
import static xmpp.mod.disco.internal.DiscoTestSupport.features;
import static xmpp.mod.disco.internal.DiscoTestSupport.handler;
import static xmpp.mod.disco.internal.DiscoTestSupport.iq;
import static xmpp.mod.disco.internal.DiscoTestSupport.result;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xmpp.core.route.Hosts;
import xmpp.core.xml.Element;

class ServerDiscoTest {

    final DiscoCatalog catalog = new DiscoCatalog();
    final ServerInfo info = new ServerInfo(catalog, "XMPP server", List.of("*"), new ContactAddresses(Map.of()));

    Element serverInfo(String node) throws Exception {
        return info.handle(iq("get", "romeo@localhost/r", "localhost", ServerInfo.NS, node));
    }

    @Test
    void featuresComeAndGoWithTheServicesThatOfferThem() throws Exception {
        catalog.add(1L, handler(ServerInfo.NS, "local", "sm"));
        catalog.add(2L, handler("jabber:iq:version", "local"));
        catalog.add(3L, handler("jabber:iq:roster", "sm"));
        catalog.add(4L, Map.of("objectClass", new String[] {"xmpp.core.route.StanzaHook"}, "xmpp.disco.feature", "urn:xmpp:carbons:2",
                "xmpp.disco.account.feature", new String[] {"urn:xmpp:mam:2"}));
        Element query = result(serverInfo(""), ServerInfo.NS);
        Element identity = query.child("identity").orElseThrow();
        assertEquals("server", identity.attr("category"));
        assertEquals("im", identity.attr("type"));
        assertEquals("XMPP server", identity.attr("name"));
        assertEquals(List.of(ServerInfo.NS, "jabber:iq:version", "urn:xmpp:carbons:2"), features(query),
                "local handlers and declared server features, sorted; not the account's");
        assertEquals(Set.of(ServerInfo.NS, "jabber:iq:roster", "urn:xmpp:mam:2"), catalog.accountFeatures("localhost"));

        catalog.remove(2L);
        catalog.remove(4L);
        assertEquals(List.of(ServerInfo.NS), features(result(serverInfo(""), ServerInfo.NS)));
        assertEquals(Set.of(ServerInfo.NS, "jabber:iq:roster"), catalog.accountFeatures("localhost"));
    }

    @Test
    void aHandlerForAnotherDomainIsNotThisDomainsFeature() throws Exception {
        catalog.add(1L, Map.of("objectClass", new String[] {"xmpp.core.route.IqHandler"}, "xmpp.iq.namespace", "urn:only:there",
                "xmpp.host", "other.example"));
        catalog.add(2L, Map.of("objectClass", new String[] {"xmpp.core.route.IqHandler"}, "xmpp.iq.namespace", "urn:everywhere"));
        assertEquals(Set.of("urn:everywhere"), catalog.serverFeatures("localhost"));
        assertEquals(Set.of("urn:everywhere", "urn:only:there"), catalog.serverFeatures("other.example"));
    }

    @Test
    void contactAddressesAreTheServerinfoForm() throws Exception {
        Map<String, List<String>> contacts = new LinkedHashMap<>();
        contacts.put("abuse", List.of("mailto:abuse@localhost"));
        contacts.put("admin", List.of());
        contacts.put("support", List.of("xmpp:support@localhost", "https://localhost/support"));
        Element query = result(new ServerInfo(catalog, "XMPP server", List.of("*"), new ContactAddresses(contacts))
                .handle(iq("get", "romeo@localhost/r", "localhost", ServerInfo.NS, "")), ServerInfo.NS);
        Element form = query.child("x", "jabber:x:data").orElseThrow();
        assertEquals("result", form.attr("type"));
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Element f : form.elements())
            fields.put(f.attr("var"), f.elements().stream().map(Element::text).toList());
        assertEquals(List.of("FORM_TYPE", "abuse-addresses", "support-addresses"), List.copyOf(fields.keySet()),
                "an empty kind is left out");
        assertEquals(List.of("http://jabber.org/network/serverinfo"), fields.get("FORM_TYPE"));
        assertEquals(List.of("xmpp:support@localhost", "https://localhost/support"), fields.get("support-addresses"));
        for (Element f : form.elements())
            assertEquals(f.attr("var").equals("FORM_TYPE") ? "hidden" : "list-multi", f.attr("type"), "several values need a multi type");
    }

    @Test
    void noContactsNoForm() throws Exception {
        assertTrue(result(serverInfo(""), ServerInfo.NS).child("x", "jabber:x:data").isEmpty());
    }

    @Test
    void theCapsHashInStreamFeaturesFollowsTheFeaturesAndItsNodeIsAnswered() throws Exception {
        Hosts hosts = new Hosts() {
            @Override public Set<String> all() { return new LinkedHashSet<>(List.of("localhost", "other.example")); }
            @Override public boolean isServed(String domain) { return all().contains(domain); }
        };
        EntityCapabilities caps = new EntityCapabilities(hosts, List.of(info));
        catalog.add(1L, handler(ServerInfo.NS, "local"));
        Element c = caps.element();
        assertEquals(Caps.NS, c.namespace());
        assertEquals("sha-1", c.attr("hash"));
        assertEquals(ServerInfo.CAPS_NODE, c.attr("node"));
        String before = c.attr("ver");
        assertEquals(Caps.ver(result(serverInfo(""), ServerInfo.NS)), before);

        String node = ServerInfo.CAPS_NODE + "#" + before;
        Element atNode = result(serverInfo(node), ServerInfo.NS);
        assertEquals(node, atNode.attr("node"), "XEP-0115 section 6.2: the node comes back");
        assertEquals(List.of(ServerInfo.NS), features(atNode));

        catalog.add(2L, handler("jabber:iq:version", "local"));
        String after = caps.element().attr("ver");
        assertNotEquals(before, after, "a new feature, a new hash");
        assertEquals("item-not-found", error(serverInfo(node)), "the old hash names no node any more");
        catalog.remove(2L);
        assertEquals(before, caps.element().attr("ver"), "the same features, the same hash");
    }

    @Test
    void anUnknownNodeIsItemNotFoundAndSetIsNotAllowed() throws Exception {
        assertEquals("item-not-found", error(serverInfo("urn:no:such:node")));
        assertEquals("not-allowed", error(info.handle(iq("set", "romeo@localhost/r", "localhost", ServerInfo.NS, ""))));
    }

    @Test
    void componentsAtSubdomainsAreTheServersItems() throws Exception {
        catalog.add(1L, Map.of("objectClass", new String[] {"xmpp.core.route.Component"},
                "xmpp.route", new String[] {"echo.localhost", "echo.other.example"}));
        catalog.add(2L, Map.of("objectClass", new String[] {"xmpp.core.route.Component"}, "xmpp.route", "conference.localhost",
                "xmpp.disco.identity", "conference/text/Chat rooms"));
        ServerItems items = new ServerItems(catalog);
        Element query = result(items.handle(iq("get", "romeo@localhost/r", "localhost", ServerItems.NS, "")), ServerItems.NS);
        List<String> jids = query.elements().stream().map(e -> e.attr("jid")).toList();
        assertEquals(List.of("conference.localhost", "echo.localhost"), jids);
        assertEquals("Chat rooms", query.elements().getFirst().attr("name"));
        assertFalse(query.elements().get(1).hasAttr("name"), "echo declares no identity");

        catalog.remove(2L);
        Element after = result(items.handle(iq("get", "romeo@localhost/r", "localhost", ServerItems.NS, "")), ServerItems.NS);
        assertEquals(List.of("echo.localhost"), after.elements().stream().map(e -> e.attr("jid")).toList());
        assertEquals("item-not-found", error(items.handle(iq("get", "romeo@localhost/r", "localhost", ServerItems.NS, "some-node"))));
    }

    @Test
    void aBadIdentityLeavesItsServiceOutAndTheRestIn() throws Exception {
        catalog.add(1L, Map.of("objectClass", new String[] {"xmpp.core.route.Component"}, "xmpp.route", "bad.localhost",
                "xmpp.disco.identity", "noslash"));
        catalog.add(2L, Map.of("objectClass", new String[] {"xmpp.core.route.Component"}, "xmpp.route", "echo.localhost"));
        assertEquals(List.of("echo.localhost"), catalog.components("localhost").stream().map(DiscoCatalog.Item::jid).toList());
    }
}
