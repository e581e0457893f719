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
import xmpp.core.route.Router;
import xmpp.core.stanza.Iq;
import xmpp.core.storage.PubSubAffiliation;
import xmpp.core.storage.PubSubItem;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** XEP-0060 at a service's domain: the owner's use cases, publication rules, paging, subscriptions, affiliations, notifications and errors. */
class ServiceRequestsTest {

    static final Jid SERVICE = Jid.of("pubsub.example.com");

    /** Nodes, items, subscriptions and affiliations of one service in memory, items newest last. */
    static final class MemoryStore implements PubSubStore {
        final Map<String, PubSubNode> nodes = new LinkedHashMap<>();
        final Map<String, List<PubSubItem>> items = new LinkedHashMap<>();
        final List<PubSubSubscription> subscriptions = new ArrayList<>();
        final List<PubSubAffiliation> affiliations = new ArrayList<>();

        @Override public Optional<PubSubNode> node(Jid service, String name) { return Optional.ofNullable(nodes.get(name)); }
        @Override public List<PubSubNode> nodes(Jid service) { return List.copyOf(nodes.values()); }
        @Override public void putNode(PubSubNode node) { nodes.put(node.name(), node); }
        @Override public boolean deleteNode(Jid service, String name) {
            items.remove(name);
            subscriptions.removeIf(s -> s.node().equals(name));
            affiliations.removeIf(a -> a.node().equals(name));
            return nodes.remove(name) != null;
        }
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
        @Override public void subscribe(Jid service, PubSubSubscription s) {
            if (!nodes.containsKey(s.node())) throw new IllegalStateException("no node " + s.node());
            unsubscribe(service, s.node(), s.subId());
            subscriptions.add(s);
        }
        @Override public boolean unsubscribe(Jid service, String node, Jid jid) { return subscriptions.removeIf(s -> s.node().equals(node) && s.jid().equals(jid)); }
        @Override public boolean unsubscribe(Jid service, String node, String subId) { return subscriptions.removeIf(s -> s.node().equals(node) && s.subId().equals(subId)); }
        @Override public List<PubSubSubscription> subscriptions(Jid service, String node) { return subscriptions.stream().filter(s -> s.node().equals(node)).toList(); }
        @Override public List<PubSubSubscription> subscriptionsOf(Jid service, Jid jid) { return subscriptions.stream().filter(s -> s.jid().bare().equals(jid.bare())).toList(); }
        @Override public void affiliate(Jid service, PubSubAffiliation a) {
            unaffiliate(service, a.node(), a.jid());
            affiliations.add(a);
        }
        @Override public boolean unaffiliate(Jid service, String node, Jid jid) { return affiliations.removeIf(a -> a.node().equals(node) && a.jid().equals(jid.bare())); }
        @Override public List<PubSubAffiliation> affiliations(Jid service, String node) {
            return affiliations.stream().filter(a -> a.node().equals(node)).sorted(java.util.Comparator.comparing(PubSubAffiliation::jid)).toList();
        }
        @Override public List<PubSubAffiliation> affiliationsOf(Jid service, Jid jid) { return affiliations.stream().filter(a -> a.jid().equals(jid.bare())).toList(); }
    }

    /** What the service sent besides its replies: the notifications, in order. */
    record Sent(Jid from, Jid to, Element stanza) { }

    final MemoryStore store = new MemoryStore();
    final List<Sent> sent = new ArrayList<>();
    final Router router = (from, to, stanza) -> sent.add(new Sent(from, to, stanza));
    final ServiceRequests service = new ServiceRequests(store, router, 20, 1000);
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
        assertEquals(List.of("i2", "i4"), ids(ask(romeo, "get", ServiceRequests.NS, "<items node='" + node + "'><item id='i2'/><item id='none'/><item id='i4'/></items>")),
                "asked by id");
        assertEquals("result", ask(juliet, "set", ServiceRequests.NS, "<retract node='" + node + "'><item id='i5'/></retract>").attr("type"));
        assertEquals("result", ask(juliet, "set", ServiceRequests.OWNER_NS, "<purge node='" + node + "'/>").attr("type"));
        assertEquals(List.of(), ids(ask(romeo, "get", ServiceRequests.NS, "<items node='" + node + "'/>")));
    }

    /** XEP-0059 sections 2.3-2.5 on items: pages backwards from an item or from the end, and a page by index. */
    @Test
    void itemsArePagedBackwardsAndByIndex() throws Exception {
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/>");
        for (int i = 1; i <= 5; i++) ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='i" + i + "'><p xmlns='urn:p'/></item></publish>");
        Element before = ask(romeo, "get", ServiceRequests.NS, "<items node='n'/><set xmlns='http://jabber.org/protocol/rsm'><max>2</max><before>i2</before></set>");
        assertEquals(List.of("i4", "i3"), ids(before));
        assertEquals("1", rsm(before).child("first").orElseThrow().attr("index"));
        Element last = ask(romeo, "get", ServiceRequests.NS, "<items node='n'/><set xmlns='http://jabber.org/protocol/rsm'><max>2</max><before/></set>");
        assertEquals(List.of("i2", "i1"), ids(last), "an empty before asks for the last page");
        assertEquals("3", rsm(last).child("first").orElseThrow().attr("index"));
        Element firstPage = ask(romeo, "get", ServiceRequests.NS, "<items node='n'/><set xmlns='http://jabber.org/protocol/rsm'><max>2</max><before>i4</before></set>");
        assertEquals(List.of("i5"), ids(firstPage), "fewer than max before the second item");
        Element byIndex = ask(romeo, "get", ServiceRequests.NS, "<items node='n'/><set xmlns='http://jabber.org/protocol/rsm'><max>2</max><index>2</index></set>");
        assertEquals(List.of("i3", "i2"), ids(byIndex));
        assertEquals("2", rsm(byIndex).child("first").orElseThrow().attr("index"));
        Element countOnly = ask(romeo, "get", ServiceRequests.NS, "<items node='n'/><set xmlns='http://jabber.org/protocol/rsm'><max>0</max></set>");
        assertEquals(List.of(), ids(countOnly));
        assertEquals("5", rsm(countOnly).child("count").orElseThrow().text());
        assertError(ask(romeo, "get", ServiceRequests.NS, "<items node='n'/><set xmlns='http://jabber.org/protocol/rsm'><before>gone</before></set>"), "item-not-found", "");
        assertError(ask(romeo, "get", ServiceRequests.NS, "<items node='n'/><set xmlns='http://jabber.org/protocol/rsm'><index>x</index></set>"), "bad-request", "");
    }

    private static Element rsm(Element reply) {
        return reply.child("pubsub").orElseThrow().child("set", ServiceRequests.RSM_NS).orElseThrow();
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
        assertError(ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='romeo@example.com'/>"), "not-allowed", "closed-node");
        assertError(ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item><p xmlns='urn:p'>" + "x".repeat(2000) + "</p></item></publish>"), "not-acceptable", "payload-too-big");
    }

    /** Sections 7.1.2, 7.2.2, 8.2.5, 8.5.2 and 8.4.2: each change reaches the subscribers whose options deliver. */
    @Test
    void subscribersAreNotifiedOfEveryChangeToTheNode() throws Exception {
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/>");
        Element subscribed = ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='romeo@example.com'/>").child("pubsub").orElseThrow().child("subscription").orElseThrow();
        assertEquals("subscribed", subscribed.attr("subscription"));
        assertEquals("romeo@example.com", subscribed.attr("jid"));
        Jid nurse = Jid.of("nurse@example.com/kitchen");
        assertEquals("result", ask(nurse, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + nurse + "'/><options>"
                + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>" + SubscriptionOptions.SUBSCRIBE_OPTIONS
                + "</value></field><field var='pubsub#deliver'><value>0</value></field></x></options>").attr("type"));

        ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='i1'><p xmlns='urn:p'>hi</p></item></publish>");
        Element items = event(romeo.bare(), "items");
        assertEquals("n", items.attr("node"));
        assertEquals("hi", items.child("item").orElseThrow().child("p", "urn:p").orElseThrow().text());
        ask(juliet, "set", ServiceRequests.NS, "<retract node='n'><item id='i1'/></retract>");
        assertEquals("i1", event(romeo.bare(), "items").child("retract").orElseThrow().attr("id"));
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<configure node='n'>" + form(NodeOptions.MAX_ITEMS, "5") + "</configure>");
        assertTrue(event(romeo.bare(), "configuration").child("x", NodeOptions.DATA_NS).isPresent(), "payloads delivered: the form goes with it");
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<purge node='n'/>");
        assertEquals("n", event(romeo.bare(), "purge").attr("node"));
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<delete node='n'/>");
        assertEquals("n", event(romeo.bare(), "delete").attr("node"));
        assertEquals(List.of(), sent, "nothing else, and nothing to the subscriber whose options do not deliver");
        assertEquals(List.of(), store.subscriptions, "the subscriptions went with the node");
    }

    @Test
    void aNodeConfiguredNotToNotifyRetractionsAndDeletionsKeepsThemQuiet() throws Exception {
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/><configure>" + form(NodeOptions.NOTIFY_RETRACT, "0", NodeOptions.NOTIFY_DELETE, "0", NodeOptions.DELIVER_PAYLOADS, "0") + "</configure>");
        ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + romeo + "'/>");
        ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='i1'><p xmlns='urn:p'>hi</p></item></publish>");
        assertEquals(List.of(), event(romeo, "items").child("item").orElseThrow().elements(), "no payload: the node does not deliver them");
        ask(juliet, "set", ServiceRequests.NS, "<retract node='n'><item id='i1'/></retract>");
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<delete node='n'/>");
        assertEquals(List.of(), sent);
    }

    @Test
    void subscribersManageTheirOwnSubscriptionsOnly() throws Exception {
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/>");
        assertError(ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='juliet@example.com'/>"), "bad-request", "invalid-jid");
        assertError(ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n'/>"), "bad-request", "jid-required");
        assertError(ask(romeo, "set", ServiceRequests.NS, "<subscribe node='none' jid='" + romeo + "'/>"), "item-not-found", "");
        assertError(ask(romeo, "set", ServiceRequests.NS, "<unsubscribe node='n' jid='" + romeo + "'/>"), "unexpected-request", "not-subscribed");
        String subId = ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + romeo + "'/>").child("pubsub").orElseThrow().child("subscription").orElseThrow().attr("subid");
        assertEquals(subId, ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + romeo + "'/>").child("pubsub").orElseThrow()
                .child("subscription").orElseThrow().attr("subid"), "subscribing again answers the subscription there is");
        Element options = ask(romeo, "get", ServiceRequests.NS, "<options node='n' jid='" + romeo + "'/>").child("pubsub").orElseThrow().child("options").orElseThrow();
        assertEquals(subId, options.attr("subid"));
        assertEquals("form", options.child("x", NodeOptions.DATA_NS).orElseThrow().attr("type"));
        assertError(ask(romeo, "set", ServiceRequests.NS, "<options node='n' jid='" + romeo + "'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='pubsub#digest'><value>1</value></field></x></options>"), "bad-request", "invalid-options");
        assertEquals("result", ask(romeo, "set", ServiceRequests.NS, "<options node='n' jid='" + romeo + "'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='" + SubscriptionOptions.DELIVER + "'><value>false</value></field></x></options>").attr("type"));
        assertEquals(List.of("0"), ask(romeo, "get", ServiceRequests.NS, "<options node='n' jid='" + romeo + "'/>").child("pubsub").orElseThrow()
                .child("options").orElseThrow().child("x", NodeOptions.DATA_NS).orElseThrow().elements().stream()
                .filter(f -> f.attr("var").equals(SubscriptionOptions.DELIVER)).map(f -> f.child("value").orElseThrow().text()).toList());
        ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='quiet'><p xmlns='urn:p'/></item></publish>");
        assertEquals(List.of(), sent, "romeo's options no longer deliver");
        assertError(ask(romeo, "set", ServiceRequests.NS, "<unsubscribe node='n' jid='" + romeo + "' subid='other'/>"), "not-acceptable", "invalid-subid");
        assertEquals(List.of("n " + romeo), subscriptionsOf(ask(romeo, "get", ServiceRequests.NS, "<subscriptions/>"), "pubsub"));
        assertEquals(List.of(), subscriptionsOf(ask(juliet, "get", ServiceRequests.NS, "<subscriptions/>"), "pubsub"));
        assertError(ask(romeo, "get", ServiceRequests.OWNER_NS, "<subscriptions node='n'/>"), "forbidden", "");
        assertEquals(List.of(" " + romeo), subscriptionsOf(ask(juliet, "get", ServiceRequests.OWNER_NS, "<subscriptions node='n'/>"), "pubsub"));
        assertEquals("result", ask(romeo, "set", ServiceRequests.NS, "<unsubscribe node='n' jid='" + romeo + "' subid='" + subId + "'/>").attr("type"));
        assertEquals("result", ask(juliet, "set", ServiceRequests.OWNER_NS, "<subscriptions node='n'><subscription jid='nurse@example.com' subscription='subscribed'/></subscriptions>").attr("type"));
        assertEquals(List.of(" nurse@example.com"), subscriptionsOf(ask(juliet, "get", ServiceRequests.OWNER_NS, "<subscriptions node='n'/>"), "pubsub"));
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<subscriptions node='n'><subscription jid='nurse@example.com' subscription='none'/></subscriptions>");
        assertEquals(List.of(), store.subscriptions);
    }

    /** Section 4.1's table 4: publishers publish and retract, members read a whitelist node, outcasts nothing; sections 5.7 and 8.9 list them. */
    @Test
    void affiliationsDecideWhoPublishesReadsAndSubscribes() throws Exception {
        Jid nurse = Jid.of("nurse@example.com/kitchen");
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/><configure>" + form(NodeOptions.ACCESS_MODEL, "whitelist") + "</configure>");
        assertError(ask(romeo, "set", ServiceRequests.OWNER_NS, "<affiliations node='n'><affiliation jid='romeo@example.com' affiliation='owner'/></affiliations>"), "forbidden", "");
        assertEquals("result", ask(juliet, "set", ServiceRequests.OWNER_NS, "<affiliations node='n'><affiliation jid='" + romeo + "' affiliation='publisher'/>"
                + "<affiliation jid='nurse@example.com' affiliation='member'/></affiliations>").attr("type"));
        assertEquals("result", ask(romeo, "set", ServiceRequests.NS, "<publish node='n'><item id='r'><p xmlns='urn:p'/></item></publish>").attr("type"));
        assertEquals(List.of("r"), ids(ask(nurse, "get", ServiceRequests.NS, "<items node='n'/>")), "a member reads a whitelist node");
        assertEquals("result", ask(nurse, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + nurse + "'/>").attr("type"));
        assertError(ask(nurse, "set", ServiceRequests.NS, "<publish node='n'><item><p xmlns='urn:p'/></item></publish>"), "forbidden", "");
        assertEquals(List.of("n owner"), affiliationsOf(ask(juliet, "get", ServiceRequests.NS, "<affiliations/>")));
        assertEquals(List.of("n member"), affiliationsOf(ask(nurse, "get", ServiceRequests.NS, "<affiliations node='n'/>")));
        Element owners = ask(juliet, "get", ServiceRequests.OWNER_NS, "<affiliations node='n'/>").child("pubsub").orElseThrow().child("affiliations").orElseThrow();
        assertEquals(List.of("juliet@example.com owner", "nurse@example.com member", "romeo@example.com publisher"),
                owners.elements().stream().map(a -> a.attr("jid") + " " + a.attr("affiliation")).toList());
        assertError(ask(juliet, "set", ServiceRequests.OWNER_NS, "<affiliations node='n'><affiliation jid='juliet@example.com' affiliation='none'/></affiliations>"), "conflict", "");
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<affiliations node='n'><affiliation jid='nurse@example.com' affiliation='outcast'/>"
                + "<affiliation jid='romeo@example.com' affiliation='none'/></affiliations>");
        assertEquals(List.of(), store.subscriptions, "an outcast loses his subscriptions");
        assertError(ask(nurse, "get", ServiceRequests.NS, "<items node='n'/>"), "forbidden", "");
        assertError(ask(romeo, "get", ServiceRequests.NS, "<items node='n'/>"), "not-allowed", "closed-node");
    }

    /** Section 7.1.5: publish-options are preconditions on the node's configuration. */
    @Test
    void aPublicationWhosePublishOptionsTheNodeDoesNotMeetIsRefused() throws Exception {
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/><configure>" + form(NodeOptions.ACCESS_MODEL, "whitelist") + "</configure>");
        String item = "<publish node='n'><item id='i'><p xmlns='urn:p'/></item></publish>";
        assertError(ask(juliet, "set", ServiceRequests.NS, item + "<publish-options>" + form(NodeOptions.ACCESS_MODEL, "open") + "</publish-options>"),
                "conflict", "precondition-not-met");
        assertError(ask(juliet, "set", ServiceRequests.NS, item + "<publish-options>" + form("pubsub#type", "urn:p") + "</publish-options>"),
                "conflict", "precondition-not-met");
        assertEquals(0, store.count(SERVICE, "n"));
        assertEquals("result", ask(juliet, "set", ServiceRequests.NS, item + "<publish-options>"
                + form(NodeOptions.ACCESS_MODEL, "whitelist", NodeOptions.PERSIST_ITEMS, "true") + "</publish-options>").attr("type"));
        assertEquals(1, store.count(SERVICE, "n"));
    }

    @Test
    void aSubscriberOffTheWhitelistHearsNothingMore() throws Exception {
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/>");
        ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + romeo.bare() + "'/>");
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<configure node='n'>" + form(NodeOptions.ACCESS_MODEL, "whitelist") + "</configure>");
        ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='i1'><p xmlns='urn:p'>secret</p></item></publish>");
        assertEquals(List.of(), sent, "neither the new configuration nor the item");
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<affiliations node='n'><affiliation jid='" + romeo.bare() + "' affiliation='member'/></affiliations>");
        ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='i2'><p xmlns='urn:p'>for members</p></item></publish>");
        assertEquals("i2", event(romeo.bare(), "items").child("item").orElseThrow().attr("id"));
    }

    /** A deleted account's nodes go, as its subscribers are told, unless another owner takes them over. */
    @Test
    void theNodesOfADeletedAccountAreDeletedOrPassToAnotherOwner() throws Exception {
        ask(juliet, "set", ServiceRequests.NS, "<create node='alone'/>");
        ask(juliet, "set", ServiceRequests.NS, "<create node='shared'/>");
        ask(romeo, "set", ServiceRequests.NS, "<create node='romeos'/>");
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<affiliations node='shared'><affiliation jid='" + romeo.bare() + "' affiliation='owner'/></affiliations>");
        ask(romeo, "set", ServiceRequests.NS, "<subscribe node='alone' jid='" + romeo.bare() + "'/>");
        service.accountDeleted(SERVICE, juliet.bare());
        assertEquals("alone", event(romeo.bare(), "delete").attr("node"));
        assertEquals(List.of("romeos", "shared"), store.nodes(SERVICE).stream().map(PubSubNode::name).sorted().toList());
        assertEquals(romeo.bare(), store.node(SERVICE, "shared").orElseThrow().owner(), "the other owner is now its creator");
        assertEquals(List.of(), store.affiliations(SERVICE, "shared"), "his owner affiliation became the creator's");
        assertEquals(List.of(), sent);
    }

    /**
     * Sections 6.1.3.3, 8.6 and 8.8.4: a subscription to an authorize node waits for an owner's
     * approval, asked for with a subscribe_authorization form; the subscriber hears the outcome.
     */
    @Test
    void anAuthorizeNodesSubscriptionsWaitForTheOwnersApproval() throws Exception {
        Jid nurse = Jid.of("nurse@example.com/kitchen");
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/><configure>" + form(NodeOptions.ACCESS_MODEL, "authorize") + "</configure>");
        ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='i1'><p xmlns='urn:p'/></item></publish>");
        Element pending = ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + romeo.bare() + "'/>").child("pubsub").orElseThrow().child("subscription").orElseThrow();
        assertEquals("pending", pending.attr("subscription"));
        Element request = authorizationRequest(juliet.bare());
        assertEquals(Map.of("FORM_TYPE", Subscriptions.AUTHORIZATION, "pubsub#node", "n", "pubsub#subscriber_jid", romeo.bare().toString(),
                "pubsub#subid", pending.attr("subid"), "pubsub#allow", "0"), NodeOptions.fields(request));
        assertEquals("form", request.attr("type"));
        assertError(ask(romeo, "get", ServiceRequests.NS, "<items node='n'/>"), "not-authorized", "not-subscribed");
        ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='i2'><p xmlns='urn:p'/></item></publish>");
        assertEquals(List.of(), sent, "a pending subscription hears nothing");
        assertEquals(List.of(romeo.bare() + " pending"), states(ask(juliet, "get", ServiceRequests.OWNER_NS, "<subscriptions node='n'/>")));
        assertEquals(List.of(romeo.bare() + " pending"), states(ask(romeo, "get", ServiceRequests.NS, "<subscriptions node='n'/>")));

        Element answer = answered(request, true);
        assertEquals(Optional.of("forbidden"), service.authorization(SERVICE, romeo, answer).map(e -> e.child("error").orElseThrow().elements().getFirst().name()),
                "only an owner approves");
        assertEquals(List.of(), sent);
        assertEquals(Optional.empty(), service.authorization(SERVICE, juliet, answer));
        Element approved = stateChange(romeo.bare());
        assertEquals("subscribed", approved.attr("subscription"));
        assertEquals(pending.attr("subid"), approved.attr("subid"));
        assertEquals(List.of("i2", "i1"), ids(ask(romeo, "get", ServiceRequests.NS, "<items node='n'/>")));
        ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='i3'><p xmlns='urn:p'/></item></publish>");
        assertEquals("i3", event(romeo.bare(), "items").child("item").orElseThrow().attr("id"));

        ask(nurse, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + nurse + "'/>");
        assertEquals(Optional.empty(), service.authorization(SERVICE, juliet, answered(authorizationRequest(juliet.bare()), false)));
        assertEquals("none", stateChange(nurse).attr("subscription"));
        assertEquals(List.of(romeo.bare() + " subscribed"), states(ask(juliet, "get", ServiceRequests.OWNER_NS, "<subscriptions node='n'/>")), "a denial removes the request");
        assertEquals(List.of(), sent);
    }

    /** Section 6.1.6: a JID subscribes again with other options; requests name the subscription by its id, and notifications carry both ids. */
    @Test
    void aJidHoldsSeveralSubscriptionsNamedByTheirIds() throws Exception {
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/>");
        String first = ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + romeo.bare() + "'/>").child("pubsub").orElseThrow().child("subscription").orElseThrow().attr("subid");
        String second = ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + romeo.bare() + "'/><options>"
                + deliverForm(false) + "</options>").child("pubsub").orElseThrow().child("subscription").orElseThrow().attr("subid");
        assertTrue(!second.isEmpty() && !second.equals(first), "a second subscription, with an id of its own");
        assertEquals("result", ask(romeo, "set", ServiceRequests.NS, "<options node='n' jid='" + romeo.bare() + "' subid='" + second + "'>"
                + deliverForm(true) + "</options>").attr("type"), "both deliver now, as two clients of the JID may want");
        assertEquals(2, states(ask(romeo, "get", ServiceRequests.NS, "<subscriptions node='n'/>")).size());
        assertError(ask(romeo, "set", ServiceRequests.NS, "<unsubscribe node='n' jid='" + romeo.bare() + "'/>"), "bad-request", "subid-required");
        assertError(ask(romeo, "get", ServiceRequests.NS, "<options node='n' jid='" + romeo.bare() + "'/>"), "bad-request", "subid-required");
        assertEquals(second, ask(romeo, "get", ServiceRequests.NS, "<options node='n' jid='" + romeo.bare() + "' subid='" + second + "'/>")
                .child("pubsub").orElseThrow().child("options").orElseThrow().attr("subid"));

        ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='i1'><p xmlns='urn:p'/></item></publish>");
        Element notification = sent.getFirst().stanza();
        event(romeo.bare(), "items");
        assertEquals(List.of(), sent, "one notification for the JID's two subscriptions");
        assertEquals(List.of(first, second).stream().sorted().toList(), notification.child("headers", "http://jabber.org/protocol/shim").orElseThrow().elements().stream()
                .filter(h -> h.attr("name").equals("SubID")).map(Element::text).sorted().toList());

        assertEquals("result", ask(romeo, "set", ServiceRequests.NS, "<unsubscribe node='n' jid='" + romeo.bare() + "' subid='" + first + "'/>").attr("type"));
        assertEquals(List.of(second), store.subscriptions.stream().map(PubSubSubscription::subId).toList());
        ask(juliet, "set", ServiceRequests.NS, "<publish node='n'><item id='i2'><p xmlns='urn:p'/></item></publish>");
        assertEquals(List.of(), sent.getFirst().stanza().child("headers", "http://jabber.org/protocol/shim").stream().toList(), "one subscription: no headers");
    }

    /**
     * Section 6.1.6 allows several subscriptions so that a JID subscribes with different
     * options: a client that subscribes with the same options at every login gets the
     * subscription it holds, not one more each time.
     */
    @Test
    void subscribingAgainWithTheSameOptionsAnswersTheSubscriptionHeld() throws Exception {
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/>");
        List<String> subIds = new ArrayList<>();
        for (int login = 0; login < 3; login++)
            subIds.add(ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + romeo.bare() + "'/><options>" + deliverForm(true) + "</options>")
                    .child("pubsub").orElseThrow().child("subscription").orElseThrow().attr("subid"));
        assertEquals(1, subIds.stream().distinct().count(), "the same subscription each time: " + subIds);
        String plain = ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + romeo.bare() + "'/>")
                .child("pubsub").orElseThrow().child("subscription").orElseThrow().attr("subid");
        assertEquals(subIds.getFirst(), plain, "the default options are the same options");
        assertEquals(List.of(subIds.getFirst()), store.subscriptions.stream().map(PubSubSubscription::subId).toList());
    }

    private static String deliverForm(boolean deliver) {
        return "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>" + SubscriptionOptions.SUBSCRIBE_OPTIONS
                + "</value></field><field var='pubsub#deliver'><value>" + (deliver ? 1 : 0) + "</value></field></x>";
    }

    /**
     * Section 8.7: the owner runs the get-pending command at the service, chooses a node from
     * its own, and gets an authorization request for each subscription still waiting there.
     */
    @Test
    void theOwnerGetsThePendingSubscriptionsOfANodeThroughTheAdHocCommand() throws Exception {
        Jid nurse = Jid.of("nurse@example.com/kitchen");
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/><configure>" + form(NodeOptions.ACCESS_MODEL, "authorize") + "</configure>");
        ask(juliet, "set", ServiceRequests.NS, "<create node='other'/>");
        ask(nurse, "set", ServiceRequests.NS, "<create node='nurses'/>");
        ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + romeo.bare() + "'/>");
        ask(nurse, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + nurse.bare() + "'/>");
        sent.clear();

        Element started = command(juliet, "<command xmlns='" + PendingCommand.COMMANDS_NS + "' node='" + PendingCommand.NODE + "' action='execute'/>");
        assertEquals("executing", started.attr("status"));
        List<Element> fields = started.child("x", NodeOptions.DATA_NS).orElseThrow().elements();
        assertEquals(List.of(PendingCommand.NODE_FIELD), fields.stream().map(f -> f.attr("var")).toList(),
                "no FORM_TYPE: under subscribe_authorization's, Smack would meet pubsub#node as a text-single and a list-single");
        Element choice = fields.getFirst();
        assertEquals(List.of("n", "other"), choice.elements().stream().map(o -> o.child("value").orElseThrow().text()).sorted().toList(),
                "the requester's own nodes only");
        assertEquals(List.of(), sent);

        String submit = "<command xmlns='" + PendingCommand.COMMANDS_NS + "' node='" + PendingCommand.NODE + "' sessionid='" + started.attr("sessionid")
                + "'><x xmlns='jabber:x:data' type='submit'><field var='" + PendingCommand.NODE_FIELD + "'><value>n</value></field></x></command>";
        assertEquals("completed", command(juliet, submit).attr("status"));
        List<String> asked = new ArrayList<>();
        while (!sent.isEmpty()) asked.add(NodeOptions.fields(authorizationRequest(juliet)).get("pubsub#subscriber_jid"));
        assertEquals(List.of(nurse.bare().toString(), romeo.bare().toString()), asked.stream().sorted().toList());

        Element refused = service.handle(SERVICE, Iq.of(XmlStreams.parseElement("<iq type='set' id='c' from='" + romeo + "' to='" + SERVICE + "'>" + submit + "</iq>")));
        assertError(refused, "forbidden", "");
        assertEquals(List.of(), sent, "only an owner hears of the requests");
        assertError(service.handle(SERVICE, Iq.of(XmlStreams.parseElement("<iq type='set' id='c' from='" + romeo + "' to='" + SERVICE + "'>"
                + "<command xmlns='" + PendingCommand.COMMANDS_NS + "' node='" + PendingCommand.NODE + "'/></iq>"))), "forbidden", "");
    }

    /** The {@code <command/>} of the service's result reply to {@code command}, run by {@code from}. */
    private Element command(Jid from, String command) throws Exception {
        Element reply = service.handle(SERVICE, Iq.of(XmlStreams.parseElement("<iq type='set' id='c' from='" + from + "' to='" + SERVICE + "'>" + command + "</iq>")));
        assertEquals("result", reply.attr("type"), reply.toXml());
        return reply.child("command", PendingCommand.COMMANDS_NS).orElseThrow();
    }

    /** Section 8.8.2 (and 8.8.4): the subscriber hears of what an owner did to its subscription, also when made an outcast. */
    @Test
    void subscribersHearWhenAnOwnerChangesTheirSubscriptions() throws Exception {
        ask(juliet, "set", ServiceRequests.NS, "<create node='n'/>");
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<subscriptions node='n'><subscription jid='" + romeo.bare() + "' subscription='subscribed'/></subscriptions>");
        Element subscribed = stateChange(romeo.bare());
        assertEquals("n", subscribed.attr("node"));
        assertEquals(romeo.bare().toString(), subscribed.attr("jid"));
        assertEquals("subscribed", subscribed.attr("subscription"));
        assertError(ask(juliet, "set", ServiceRequests.OWNER_NS, "<subscriptions node='n'><subscription jid='" + romeo.bare() + "' subscription='subscribed' subid='other'/>"
                + "</subscriptions>"), "not-acceptable", "invalid-subid");
        assertEquals(List.of(), sent, "nothing changed");
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<subscriptions node='n'><subscription jid='" + romeo.bare() + "' subscription='none'/></subscriptions>");
        assertEquals("none", stateChange(romeo.bare()).attr("subscription"));
        ask(romeo, "set", ServiceRequests.NS, "<subscribe node='n' jid='" + romeo + "'/>");
        ask(juliet, "set", ServiceRequests.OWNER_NS, "<affiliations node='n'><affiliation jid='" + romeo.bare() + "' affiliation='outcast'/></affiliations>");
        assertEquals("none", stateChange(romeo).attr("subscription"));
        assertEquals(List.of(), sent);
    }

    /** The next message, to {@code to}: what became of its subscription (section 8.8.4). */
    private Element stateChange(Jid to) {
        assertTrue(!sent.isEmpty(), "a subscription state to " + to);
        Sent next = sent.removeFirst();
        assertEquals(to, next.to());
        assertEquals(SERVICE, next.from());
        return next.stanza().child("pubsub", ServiceRequests.NS).orElseThrow(() -> new AssertionError(next.stanza().toXml())).child("subscription").orElseThrow();
    }

    /** The next message to {@code owner}: an authorization request, whose form it returns. */
    private Element authorizationRequest(Jid owner) {
        assertTrue(!sent.isEmpty(), "an authorization request to " + owner);
        Sent next = sent.removeFirst();
        assertEquals(owner, next.to());
        return next.stanza().child("x", NodeOptions.DATA_NS).orElseThrow(() -> new AssertionError(next.stanza().toXml()));
    }

    /** The owner's answer to an authorization request (section 8.6): the form submitted in a message to the service. */
    private static Element answered(Element request, boolean allow) throws Exception {
        StringBuilder x = new StringBuilder("<message to='" + SERVICE + "'><x xmlns='jabber:x:data' type='submit'>");
        NodeOptions.fields(request).forEach((var, value) -> x.append("<field var='").append(var).append("'><value>")
                .append(var.equals("pubsub#allow") ? (allow ? "true" : "false") : value).append("</value></field>"));
        return XmlStreams.parseElement(x.append("</x></message>").toString());
    }

    private static List<String> states(Element reply) {
        return reply.child("pubsub").orElseThrow().child("subscriptions").orElseThrow().elements().stream().map(s -> s.attr("jid") + " " + s.attr("subscription")).toList();
    }

    /** The one notification that {@code to} got next, of the given kind: the service's headline message with its event. */
    private Element event(Jid to, String kind) {
        assertTrue(!sent.isEmpty(), "a notification to " + to);
        Sent next = sent.removeFirst();
        assertEquals(to, next.to());
        assertEquals(SERVICE, next.from());
        assertEquals("headline", next.stanza().attr("type"));
        return next.stanza().child("event", Notifier.EVENT_NS).orElseThrow().child(kind).orElseThrow(() -> new AssertionError(next.stanza().toXml()));
    }

    private static List<String> subscriptionsOf(Element reply, String child) {
        return reply.child(child).orElseThrow().child("subscriptions").orElseThrow().elements().stream().map(s -> s.attr("node") + " " + s.attr("jid")).toList();
    }

    private static List<String> affiliationsOf(Element reply) {
        return reply.child("pubsub").orElseThrow().child("affiliations").orElseThrow().elements().stream().map(a -> a.attr("node") + " " + a.attr("affiliation")).toList();
    }

    private static List<String> ids(Element reply) {
        return reply.child("pubsub").orElseThrow().child("items").orElseThrow().elements().stream().map(i -> i.attr("id")).toList();
    }
}
