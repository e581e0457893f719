package xmpp.mod.pubsub.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.Iq;
import xmpp.core.storage.PubSubItem;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** XEP-0060 at a service's domain: the owner's use cases, publication rules, paging and errors. */
class ServiceRequestsTest {

    static final Jid SERVICE = Jid.of("pubsub.example.com");

    /** Nodes and items in memory, items newest last. */
    static final class MemoryStore implements PubSubStore {
        final Map<String, PubSubNode> nodes = new LinkedHashMap<>();
        final Map<String, List<PubSubItem>> items = new LinkedHashMap<>();

        @Override public Optional<PubSubNode> node(Jid service, String name) { return Optional.ofNullable(nodes.get(name)); }
        @Override public List<PubSubNode> nodes(Jid service) { return List.copyOf(nodes.values()); }
        @Override public void putNode(PubSubNode node) { nodes.put(node.name(), node); }
        @Override public boolean deleteNode(Jid service, String name) { items.remove(name); return nodes.remove(name) != null; }
        @Override public void publish(Jid service, String node, PubSubItem item, int maxItems) {
            List<PubSubItem> list = items.computeIfAbsent(node, n -> new ArrayList<>());
            list.removeIf(i -> i.id().equals(item.id()));
            list.add(item);
            while (list.size() > maxItems) list.removeFirst();
        }
        @Override public boolean retract(Jid service, String node, String itemId) { return items.getOrDefault(node, new ArrayList<>()).removeIf(i -> i.id().equals(itemId)); }
        @Override public void purge(Jid service, String node) { items.remove(node); }
        @Override public List<PubSubItem> items(Jid service, String node, int max) {
            List<PubSubItem> newestFirst = new ArrayList<>(items.getOrDefault(node, List.of())).reversed();
            return newestFirst.subList(0, Math.min(max, newestFirst.size()));
        }
        @Override public Optional<PubSubItem> item(Jid service, String node, String id) { return items.getOrDefault(node, List.of()).stream().filter(i -> i.id().equals(id)).findFirst(); }
        @Override public int count(Jid service, String node) { return items.getOrDefault(node, List.of()).size(); }
    }

    final MemoryStore store = new MemoryStore();
    final ServiceRequests service = new ServiceRequests(store, 20, 1000);
    final Jid juliet = Jid.of("juliet@example.com/balcony");
    final Jid romeo = Jid.of("romeo@example.com/phone");

    Element ask(Jid from, String type, String ns, String children) throws Exception {
        return service.handle(SERVICE, Iq.of(XmlStreams.parseElement("<iq type='" + type + "' id='q' from='" + from + "' to='" + SERVICE + "'>"
                + "<pubsub xmlns='" + ns + "'>" + children + "</pubsub></iq>")));
    }

    static void assertError(Element reply, String condition, String pubsubCondition) {
        assertEquals("error", reply.attr("type"), reply.toXml());
        assertTrue(reply.child("pubsub").isEmpty(), "the request is not echoed: " + reply.toXml());
        Element error = reply.child("error").orElseThrow();
        assertTrue(error.child(condition, "urn:ietf:params:xml:ns:xmpp-stanzas").isPresent(), reply.toXml());
        if (!pubsubCondition.isEmpty()) assertTrue(error.child(pubsubCondition, Refusal.ERRORS_NS).isPresent(), reply.toXml());
    }

    static String form(String... fieldAndValue) {
        StringBuilder sb = new StringBuilder("<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>"
                + NodeOptions.NODE_CONFIG + "</value></field>");
        for (int i = 0; i < fieldAndValue.length; i += 2) sb.append("<field var='").append(fieldAndValue[i]).append("'><value>").append(fieldAndValue[i + 1]).append("</value></field>");
        return sb.append("</x>").toString();
    }

    /** Smack's PubSubIntegrationTest: the default form, a transient notification-only node, a publication with and without an item. */
    @Test
    void aTransientNotificationOnlyNodeTakesPublicationsWithoutItemsOnly() throws Exception {
        Element defaults = ask(juliet, "get", ServiceRequests.OWNER_NS, "<default/>").child("pubsub").orElseThrow().child("default").orElseThrow().child("x").orElseThrow();
        List<String> vars = defaults.elements().stream().map(f -> f.attr("var")).toList();
        assertTrue(vars.containsAll(List.of(NodeOptions.DELIVER_PAYLOADS, NodeOptions.PERSIST_ITEMS)), vars.toString());
        assertEquals("result", ask(juliet, "set", ServiceRequests.NS, "<create node='n'/><configure>"
                + form(NodeOptions.DELIVER_PAYLOADS, "0", NodeOptions.PERSIST_ITEMS, "0") + "</configure>").attr("type"));
        assertEquals("result", ask(juliet, "set", ServiceRequests.NS, "<publish node='n'/>").attr("type"));
        Element refused = ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='i'><p xmlns='urn:p'/></item></publish>");
        assertError(refused, "bad-request", "item-forbidden");
        assertEquals("modify", refused.child("error").orElseThrow().attr("type"));
        assertEquals("result", ask(juliet, "set", ServiceRequests.OWNER_NS, "<delete node='n'/>").attr("type"));
        assertError(ask(juliet, "set", ServiceRequests.OWNER_NS, "<delete node='n'/>"), "item-not-found", "");
    }

    @Test
    void anInstantNodeGetsANameAndItsItemsArePagedNewestFirst() throws Exception {
        String node = ask(juliet, "set", ServiceRequests.NS, "<create/>").child("pubsub").orElseThrow().child("create").orElseThrow().attr("node");
        assertTrue(!node.isEmpty());
        for (int i = 1; i <= 5; i++)
            assertEquals("result", ask(juliet, "set", ServiceRequests.NS, "<publish node='" + node + "'><item id='i" + i + "'><p xmlns='urn:p'>" + i + "</p></item></publish>").attr("type"));
        assertEquals(List.of("i5", "i4", "i3", "i2", "i1"), ids(ask(romeo, "get", ServiceRequests.NS, "<items node='" + node + "'/>")), "the default keeps 10");
        Element page = ask(romeo, "get", ServiceRequests.NS, "<items node='" + node + "'/><set xmlns='http://jabber.org/protocol/rsm'><max>2</max><after>i4</after></set>");
        assertEquals(List.of("i3", "i2"), ids(page));
        Element set = page.child("pubsub").orElseThrow().child("set", ServiceRequests.RSM_NS).orElseThrow();
        assertEquals("5", set.child("count").orElseThrow().text());
        assertEquals("i2", set.child("last").orElseThrow().text());
        assertEquals(List.of("i5"), ids(ask(romeo, "get", ServiceRequests.NS, "<items node='" + node + "' max_items='1'/>")));
        assertEquals("result", ask(juliet, "set", ServiceRequests.NS, "<retract node='" + node + "'><item id='i5'/></retract>").attr("type"));
        assertEquals("result", ask(juliet, "set", ServiceRequests.OWNER_NS, "<purge node='" + node + "'/>").attr("type"));
        assertEquals(List.of(), ids(ask(romeo, "get", ServiceRequests.NS, "<items node='" + node + "'/>")));
    }

    @Test
    void theOwnerConfiguresAndOthersMayNot() throws Exception {
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/>");
        assertError(ask(romeo, "set", ServiceRequests.NS, "<publish node='n'><item><p xmlns='urn:p'/></item></publish>"), "forbidden", "");
        assertError(ask(romeo, "set", ServiceRequests.OWNER_NS, "<delete node='n'/>"), "forbidden", "");
        assertError(ask(romeo, "get", ServiceRequests.OWNER_NS, "<configure node='n'/>"), "forbidden", "");
        assertEquals("result", ask(juliet, "set", ServiceRequests.OWNER_NS, "<configure node='n'>" + form(NodeOptions.ACCESS_MODEL, "whitelist") + "</configure>").attr("type"));
        assertError(ask(romeo, "get", ServiceRequests.NS, "<items node='n'/>"), "not-allowed", "closed-node");
        assertError(ask(juliet, "set", ServiceRequests.OWNER_NS, "<configure node='n'>" + form("pubsub#type", "x") + "</configure>"), "not-acceptable", "unsupported-configuration");
        assertError(ask(juliet, "set", ServiceRequests.NS, "<create node='n'/>"), "conflict", "");
        assertError(ask(juliet, "get", ServiceRequests.NS, "<items node='none'/>"), "item-not-found", "");
        assertError(ask(juliet, "set", ServiceRequests.NS, "<subscribe node='n' jid='juliet@example.com'/>"), "feature-not-implemented", "unsupported");
        assertError(ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item><p xmlns='urn:p'>" + "x".repeat(2000) + "</p></item></publish>"), "not-acceptable", "payload-too-big");
    }

    private static List<String> ids(Element reply) {
        return reply.child("pubsub").orElseThrow().child("items").orElseThrow().elements().stream().map(i -> i.attr("id")).toList();
    }
}
