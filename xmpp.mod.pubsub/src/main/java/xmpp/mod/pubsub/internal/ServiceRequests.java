package xmpp.mod.pubsub.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.storage.PubSubItem;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * The requests of a pubsub service (XEP-0060) at its domain: nodes created (named or instant,
 * with a configuration), configured, purged and deleted by their owner; items published and
 * retracted by the owner and read by anyone the node's access model allows, with RSM paging.
 * Subscriptions are not supported yet: such requests are {@code feature-not-implemented}.
 */
final class ServiceRequests {

    static final String NS = "http://jabber.org/protocol/pubsub";
    static final String OWNER_NS = NS + "#owner";
    static final String DISCO_INFO_NS = "http://jabber.org/protocol/disco#info";
    static final String RSM_NS = "http://jabber.org/protocol/rsm";
    private static final System.Logger log = System.getLogger(ServiceRequests.class.getName());

    private final PubSubStore store;
    private final int maxItems;
    private final int maxItemBytes;

    ServiceRequests(PubSubStore store, int maxItems, int maxItemBytes) {
        this.store = store;
        this.maxItems = maxItems;
        this.maxItemBytes = maxItemBytes;
    }

    /** The reply to a get or set addressed to the service's domain. */
    Element handle(Jid service, Iq request) {
        try {
            Jid from = request.from().orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "no sender")).bare();
            Element payload = request.payload().orElseThrow();
            boolean get = request.type() == Iq.Type.GET;
            if (payload.namespace().equals(DISCO_INFO_NS) && get) return request.resultReply(nodeInfo(service, payload));
            // The action is the first child, except that a create comes with a configure after it.
            Element action = payload.elements().stream().filter(e -> !e.name().equals("configure") || payload.elements().size() == 1).findFirst()
                    .orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "the request names no action"));
            String key = request.type().attributeValue() + " " + payload.namespace() + " " + action.name();
            return switch (key) {
                case "set " + NS + " create" -> request.resultReply(create(service, from, action, payload.child("configure")));
                case "set " + NS + " publish" -> request.resultReply(publish(service, from, action));
                case "set " + NS + " retract" -> { retract(service, from, action); yield request.resultReply(); }
                case "get " + NS + " items" -> request.resultReply(items(service, from, action, payload.child("set", RSM_NS)));
                case "get " + OWNER_NS + " default" -> request.resultReply(owner(Element.builder("default")
                        .child(NodeOptions.DEFAULT.toForm("form")).build()));
                case "get " + OWNER_NS + " configure" -> request.resultReply(owner(Element.builder("configure").attr("node", action.attr("node"))
                        .child(options(owned(service, from, action)).toForm("form")).build()));
                case "set " + OWNER_NS + " configure" -> { configure(service, from, action); yield request.resultReply(); }
                case "set " + OWNER_NS + " purge" -> { store.purge(service, owned(service, from, action).name()); yield request.resultReply(); }
                case "set " + OWNER_NS + " delete" -> { store.deleteNode(service, owned(service, from, action).name()); yield request.resultReply(); }
                default -> throw new Refusal(Condition.FEATURE_NOT_IMPLEMENTED, "unsupported", action.name() + " is not supported by this service");
            };
        } catch (Refusal r) {
            return r.replyTo(request);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "pubsub request {0} to {1} failed, the client got internal-server-error: {2}", request.id(), service, e.getMessage());
            return new Refusal(Condition.INTERNAL_SERVER_ERROR, "the service's nodes cannot be reached now; try again later").replyTo(request);
        }
    }

    /** XEP-0060 section 5.3: a node's identity; the service's own disco#info is the disco module's. */
    private Element nodeInfo(Jid service, Element query) throws Refusal, StorageException {
        existing(service, query);
        return Element.builder("query").xmlns(DISCO_INFO_NS).attr("node", query.attr("node"))
                .child(Element.builder("identity").attr("category", "pubsub").attr("type", "leaf").build())
                .child(Element.builder("feature").attr("var", NS).build()).build();
    }

    private Element create(Jid service, Jid owner, Element create, java.util.Optional<Element> configure) throws Refusal, StorageException {
        String node = create.attr("node").isEmpty() ? UUID.randomUUID().toString() : create.attr("node");   // section 8.1.2: an instant node
        NodeOptions options = NodeOptions.DEFAULT;
        java.util.Optional<Element> form = configure.flatMap(c -> c.elements().stream().filter(e -> e.name().equals("x")).findFirst());
        if (form.isPresent()) options = configured(options, form.get());
        if (store.node(service, node).isPresent()) throw new Refusal(Condition.CONFLICT, "node " + node + " exists");
        store.putNode(new PubSubNode(service, node, owner, options.toForm("submit")));
        return Element.builder("pubsub").xmlns(NS).child(Element.builder("create").attr("node", node).build()).build();
    }

    private Element publish(Jid service, Jid publisher, Element publish) throws Refusal, StorageException {
        PubSubNode node = existing(service, publish);
        if (!node.owner().equals(publisher)) throw new Refusal(Condition.FORBIDDEN, "only the node's owner publishes to it");
        NodeOptions options = options(node);
        List<Element> items = publish.elements().stream().filter(e -> e.name().equals("item")).toList();
        if (!options.takesItems()) {
            if (!items.isEmpty()) throw new Refusal(Condition.BAD_REQUEST, "item-forbidden", "a transient notification-only node takes no items");
            return Element.builder("pubsub").xmlns(NS).child(Element.builder("publish").attr("node", node.name()).build()).build();
        }
        if (items.size() != 1) throw new Refusal(Condition.BAD_REQUEST, "item-required", "publish one item");
        Element item = items.getFirst();
        if (item.elements().size() > 1) throw new Refusal(Condition.BAD_REQUEST, "invalid-payload", "an item carries one payload");
        if (item.elements().isEmpty()) throw new Refusal(Condition.BAD_REQUEST, "payload-required", "the item has no payload");
        String id = item.attr("id").isEmpty() ? UUID.randomUUID().toString() : item.attr("id");
        if (options.persistItems()) {
            Element payload = item.elements().getFirst();
            int bytes = payload.toXml().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxItemBytes) throw new Refusal(Condition.NOT_ACCEPTABLE, "payload-too-big", "the item has " + bytes + " bytes; at most " + maxItemBytes + " are kept");
            store.publish(service, node.name(), new PubSubItem(id, payload, publisher, Instant.now()), options.storedItems(maxItems));
        }
        return Element.builder("pubsub").xmlns(NS).child(Element.builder("publish").attr("node", node.name())
                .child(Element.builder("item").attr("id", id).build()).build()).build();
    }

    private void retract(Jid service, Jid from, Element retract) throws Refusal, StorageException {
        PubSubNode node = owned(service, from, retract);
        String id = retract.child("item").map(i -> i.attr("id")).orElse("");
        if (id.isEmpty()) throw new Refusal(Condition.BAD_REQUEST, "item-required", "name the item to retract");
        if (!store.retract(service, node.name(), id)) throw new Refusal(Condition.ITEM_NOT_FOUND, "no item " + id + " in node " + node.name());
    }

    /** Section 6.5, with XEP-0059 paging: newest first; {@code <after/>} names the last item of the page before. */
    private Element items(Jid service, Jid from, Element request, java.util.Optional<Element> rsm) throws Refusal, StorageException {
        PubSubNode node = existing(service, request);
        if (options(node).accessModel().equals("whitelist") && !node.owner().equals(from))
            throw new Refusal(Condition.NOT_ALLOWED, "closed-node", "the node is its owner's only");
        List<PubSubItem> all = store.items(service, node.name(), maxItems);
        int limit = positive(request.attr("max_items"), maxItems);
        int start = 0;
        if (rsm.isPresent()) {
            limit = Math.min(limit, positive(rsm.get().child("max").map(Element::text).orElse(""), maxItems));
            String after = rsm.get().child("after").map(Element::text).orElse("");
            if (!after.isEmpty()) {
                start = all.stream().map(PubSubItem::id).toList().indexOf(after) + 1;
                if (start == 0) throw new Refusal(Condition.ITEM_NOT_FOUND, "no item " + after + " to page after");
            }
        }
        List<PubSubItem> page = all.subList(Math.min(start, all.size()), Math.min(start + limit, all.size()));
        Element.Builder items = Element.builder("items").attr("node", node.name());
        for (PubSubItem i : page) items.child(Element.builder("item").attr("id", i.id()).child(i.payload()).build());
        Element.Builder pubsub = Element.builder("pubsub").xmlns(NS).child(items.build());
        if (rsm.isPresent()) {
            Element.Builder set = Element.builder("set").xmlns(RSM_NS);
            if (!page.isEmpty()) set.child(Element.builder("first").attr("index", Integer.toString(start)).text(page.getFirst().id()).build())
                    .child(Element.builder("last").text(page.getLast().id()).build());
            pubsub.child(set.child(Element.builder("count").text(Integer.toString(all.size())).build()).build());
        }
        return pubsub.build();
    }

    private void configure(Jid service, Jid from, Element configure) throws Refusal, StorageException {
        PubSubNode node = owned(service, from, configure);
        Element form = configure.elements().stream().filter(e -> e.name().equals("x")).findFirst()
                .orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "the configuration form is missing"));
        if (form.attr("type").equals("cancel")) return;
        store.putNode(new PubSubNode(service, node.name(), node.owner(), configured(options(node), form).toForm("submit")));
    }

    private NodeOptions configured(NodeOptions options, Element form) throws Refusal {
        try {
            return options.with(form, maxItems);
        } catch (NodeOptions.Invalid e) {
            throw new Refusal(Condition.NOT_ACCEPTABLE, "unsupported-configuration", e.getMessage());
        }
    }

    private NodeOptions options(PubSubNode node) {
        return NodeOptions.stored(node.config(), maxItems);
    }

    private PubSubNode existing(Jid service, Element action) throws Refusal, StorageException {
        String name = action.attr("node");
        if (name.isEmpty()) throw new Refusal(Condition.BAD_REQUEST, "nodeid-required", "name the node");
        return store.node(service, name).orElseThrow(() -> new Refusal(Condition.ITEM_NOT_FOUND, "no node " + name));
    }

    /** The node, if {@code from} owns it: section 8's use cases are the owner's. */
    private PubSubNode owned(Jid service, Jid from, Element action) throws Refusal, StorageException {
        PubSubNode node = existing(service, action);
        if (!node.owner().equals(from)) throw new Refusal(Condition.FORBIDDEN, "only the node's owner may do that");
        return node;
    }

    private static int positive(String value, int ceiling) throws Refusal {
        if (value.isEmpty()) return ceiling;
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) return Math.min(n, ceiling);
        } catch (NumberFormatException e) {
            // refused below, as any other bad number
        }
        throw new Refusal(Condition.BAD_REQUEST, "expected a number, not '" + value + "'");
    }

    private static Element owner(Element child) {
        return Element.builder("pubsub").xmlns(OWNER_NS).child(child).build();
    }
}
