package xmpp.mod.pubsub.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.stanza.Stanzas;
import xmpp.core.storage.PubSubAffiliation;
import xmpp.core.storage.PubSubItem;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;
import xmpp.mod.pubsub.paging.ItemPage;

/**
 * The requests of a pubsub service (XEP-0060) at its domain: nodes created (named or instant,
 * with a configuration), configured, purged and deleted by their owners; items published and
 * retracted by owners and publishers and read by anyone the node's access model and
 * affiliations allow, with RSM paging; subscriptions and affiliations. Each change is notified
 * to the node's subscribers.
 */
final class ServiceRequests {

    static final String NS = "http://jabber.org/protocol/pubsub";
    static final String OWNER_NS = NS + "#owner";
    static final String DISCO_INFO_NS = "http://jabber.org/protocol/disco#info";
    static final String RSM_NS = ItemPage.RSM_NS;
    static final String AUTHORIZE = "authorize";
    private static final System.Logger log = System.getLogger(ServiceRequests.class.getName());

    private final PubSubStore store;
    private final Affiliations affiliations;
    private final Subscriptions subscriptions;
    private final Notifier notifier;
    private final PendingCommand pending;
    private final int maxItems;
    private final int maxItemBytes;

    ServiceRequests(PubSubStore store, Router router, int maxItems, int maxItemBytes) {
        this.store = store;
        this.affiliations = new Affiliations(store);
        this.subscriptions = new Subscriptions(store);
        this.notifier = new Notifier(router);
        this.pending = new PendingCommand(store, affiliations, notifier);
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
            if (payload.namespace().equals(PendingCommand.COMMANDS_NS)) return request.resultReply(pending.run(service, from, request, payload));
            // The action is the first child, except that a create comes with a configure after it.
            Element action = payload.elements().stream().filter(e -> !e.name().equals("configure") || payload.elements().size() == 1).findFirst()
                    .orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "the request names no action"));
            String key = request.type().attributeValue() + " " + payload.namespace() + " " + action.name();
            return switch (key) {
                case "set " + NS + " create" -> request.resultReply(create(service, from, action, payload.child("configure")));
                case "set " + NS + " publish" -> request.resultReply(publish(service, from, action,
                        payload.child("publish-options").flatMap(o -> o.child("x", NodeOptions.DATA_NS))));
                case "set " + NS + " retract" -> { retract(service, from, action); yield request.resultReply(); }
                case "get " + NS + " items" -> request.resultReply(items(service, from, action, payload.child("set", RSM_NS)));
                case "set " + NS + " subscribe" -> request.resultReply(subscribe(service, from, action,
                        payload.child("options").flatMap(o -> o.child("x", NodeOptions.DATA_NS))));
                case "set " + NS + " unsubscribe" -> { subscriptions.unsubscribe(existing(service, action), from, action); yield request.resultReply(); }
                case "get " + NS + " options" -> request.resultReply(subscriptions.options(existing(service, action), from, action));
                case "set " + NS + " options" -> { subscriptions.setOptions(existing(service, action), from, action); yield request.resultReply(); }
                case "get " + NS + " subscriptions" -> request.resultReply(subscriptions.entityList(service, from, action.attr("node")));
                case "get " + NS + " affiliations" -> request.resultReply(affiliations.entityList(service, from, action.attr("node")));
                case "get " + OWNER_NS + " subscriptions" -> request.resultReply(subscriptions.ownerList(owned(service, from, action)));
                case "set " + OWNER_NS + " subscriptions" -> { modifySubscriptions(owned(service, from, action), action); yield request.resultReply(); }
                case "get " + OWNER_NS + " affiliations" -> request.resultReply(affiliations.ownerList(owned(service, from, action)));
                case "set " + OWNER_NS + " affiliations" -> { modifyAffiliations(owned(service, from, action), action); yield request.resultReply(); }
                case "get " + OWNER_NS + " default" -> request.resultReply(owner(Element.builder("default")
                        .child(NodeOptions.DEFAULT.toForm("form")).build()));
                case "get " + OWNER_NS + " configure" -> request.resultReply(owner(Element.builder("configure").attr("node", action.attr("node"))
                        .child(options(owned(service, from, action)).toForm("form")).build()));
                case "set " + OWNER_NS + " configure" -> { configure(service, from, action); yield request.resultReply(); }
                case "set " + OWNER_NS + " purge" -> { purge(owned(service, from, action)); yield request.resultReply(); }
                case "set " + OWNER_NS + " delete" -> { delete(owned(service, from, action)); yield request.resultReply(); }
                default -> throw new Refusal(Condition.FEATURE_NOT_IMPLEMENTED, "unsupported", action.name() + " is not supported by this service");
            };
        } catch (Refusal r) {
            return r.replyTo(request);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "pubsub request {0} to {1} failed, the client got internal-server-error: {2}", request.id(), service, e.getMessage());
            return new Refusal(Condition.INTERNAL_SERVER_ERROR, "the service's nodes cannot be reached now; try again later").replyTo(request);
        }
    }

    /**
     * Section 8.6.2: an owner's answer to an authorization request, a message carrying the
     * submitted subscribe_authorization form. Empty when it was applied (the subscriber is
     * told), else the error reply to send back; a message without that form is nothing the
     * service answers.
     */
    Optional<Element> authorization(Jid service, Jid from, Element message) {
        Optional<Element> form = message.child("x", NodeOptions.DATA_NS).filter(x -> x.attr("type").equals("submit"));
        if (form.isEmpty()) return Optional.empty();
        Map<String, String> answer = NodeOptions.fields(form.get());
        if (!Subscriptions.AUTHORIZATION.equals(answer.get("FORM_TYPE"))) return Optional.empty();
        try {
            PubSubNode node = owned(service, from.bare(), Element.builder("authorization").attr("node", answer.getOrDefault("pubsub#node", "")).build());
            notifier.subscriptionChanged(service, node.name(), subscriptions.authorize(node, answer));
            return Optional.empty();
        } catch (Refusal r) {
            return Optional.of(Stanzas.errorReply(message, StanzaError.of(r.condition(), r.getMessage())));
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "the answer of {0} to a subscription request at {1} was lost, the owner got internal-server-error: {2}", from, service, e.getMessage());
            return Optional.of(Stanzas.errorReply(message, StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "the service's nodes cannot be reached now; answer again later")));
        }
    }

    /** XEP-0060 section 5.3: a node's identity; the service's own disco#info is the disco module's. */
    private Element nodeInfo(Jid service, Element query) throws Refusal, StorageException {
        existing(service, query);
        return Element.builder("query").xmlns(DISCO_INFO_NS).attr("node", query.attr("node"))
                .child(Element.builder("identity").attr("category", "pubsub").attr("type", "leaf").build())
                .child(Element.builder("feature").attr("var", NS).build()).build();
    }

    private Element create(Jid service, Jid owner, Element create, Optional<Element> configure) throws Refusal, StorageException {
        String node = create.attr("node").isEmpty() ? UUID.randomUUID().toString() : create.attr("node");   // section 8.1.2: an instant node
        NodeOptions options = NodeOptions.DEFAULT;
        Optional<Element> form = configure.flatMap(c -> c.elements().stream().filter(e -> e.name().equals("x")).findFirst());
        if (form.isPresent()) options = configured(options, form.get());
        if (store.node(service, node).isPresent()) throw new Refusal(Condition.CONFLICT, "node " + node + " exists");
        store.putNode(new PubSubNode(service, node, owner, options.toForm("submit")));
        return Element.builder("pubsub").xmlns(NS).child(Element.builder("create").attr("node", node).build()).build();
    }

    /**
     * Section 6.1: to a node of the authorize model, anyone but its owners, publishers and
     * members waits for an owner's approval (6.1.3.3), for which each owner is asked (8.6.1).
     */
    private Element subscribe(Jid service, Jid from, Element subscribe, Optional<Element> optionsForm) throws Refusal, StorageException {
        PubSubNode node = readable(service, from, subscribe);
        boolean approved = !options(node).accessModel().equals(AUTHORIZE) || affiliations.preapproved(node, from);
        PubSubSubscription s = subscriptions.subscribe(node, from, subscribe, optionsForm, approved);
        if (!s.subscribed()) notifier.authorizationRequested(service, affiliations.owners(node), s);
        return Subscriptions.pubsub(Subscriptions.subscription(s, true));
    }

    /** Section 8.8.2, each change told to its subscriber (8.8.4). */
    private void modifySubscriptions(PubSubNode node, Element request) throws Refusal, StorageException {
        for (Subscriptions.Change c : subscriptions.modify(node, request)) notifier.subscriptionChanged(node.service(), node.name(), c);
    }

    /** Section 8.9.2: an outcast loses his subscriptions, and is told. */
    private void modifyAffiliations(PubSubNode node, Element request) throws Refusal, StorageException {
        for (Jid outcast : affiliations.modify(node, request))
            for (Subscriptions.Change c : subscriptions.removeAll(node, outcast)) notifier.subscriptionChanged(node.service(), node.name(), c);
    }

    /** Section 7.1; with publish-options (7.1.5), each field a precondition that the node's configuration must meet. */
    private Element publish(Jid service, Jid publisher, Element publish, Optional<Element> preconditions) throws Refusal, StorageException {
        PubSubNode node = existing(service, publish);
        affiliations.checkPublisher(node, publisher);
        NodeOptions options = options(node);
        if (preconditions.isPresent() && !options.meets(preconditions.get()))
            throw new Refusal(Condition.CONFLICT, "precondition-not-met", "the node's configuration differs from the publish-options");
        List<Element> items = publish.elements().stream().filter(e -> e.name().equals("item")).toList();
        if (!options.takesItems()) {
            if (!items.isEmpty()) throw new Refusal(Condition.BAD_REQUEST, "item-forbidden", "a transient notification-only node takes no items");
            notifier.signalled(service, node.name(), subscribers(node));
            return Element.builder("pubsub").xmlns(NS).child(Element.builder("publish").attr("node", node.name()).build()).build();
        }
        if (items.size() != 1) throw new Refusal(Condition.BAD_REQUEST, "item-required", "publish one item");
        Element item = items.getFirst();
        if (item.elements().size() > 1) throw new Refusal(Condition.BAD_REQUEST, "invalid-payload", "an item carries one payload");
        if (item.elements().isEmpty()) throw new Refusal(Condition.BAD_REQUEST, "payload-required", "the item has no payload");
        String id = item.attr("id").isEmpty() ? UUID.randomUUID().toString() : item.attr("id");
        Element payload = item.elements().getFirst();
        if (options.persistItems()) {
            int bytes = payload.toXml().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxItemBytes) throw new Refusal(Condition.NOT_ACCEPTABLE, "payload-too-big", "the item has " + bytes + " bytes; at most " + maxItemBytes + " are kept");
            store.publish(service, node.name(), new PubSubItem(id, payload, publisher, Instant.now()), options.storedItems(maxItems));
        }
        notifier.published(service, node.name(), options, id, payload, subscribers(node));
        return Element.builder("pubsub").xmlns(NS).child(Element.builder("publish").attr("node", node.name())
                .child(Element.builder("item").attr("id", id).build()).build()).build();
    }

    /** Section 7.2: notified when the node is configured to, or the request asks it (7.2.2.1). */
    private void retract(Jid service, Jid from, Element retract) throws Refusal, StorageException {
        PubSubNode node = existing(service, retract);
        affiliations.checkRetractor(node, from);
        String id = retract.child("item").map(i -> i.attr("id")).orElse("");
        if (id.isEmpty()) throw new Refusal(Condition.BAD_REQUEST, "item-required", "name the item to retract");
        if (!store.retract(service, node.name(), id)) throw new Refusal(Condition.ITEM_NOT_FOUND, "no item " + id + " in node " + node.name());
        boolean asked = retract.attr("notify").equals("true") || retract.attr("notify").equals("1");
        if (options(node).notifyRetract() || asked) notifier.retracted(service, node.name(), id, subscribers(node));
    }

    /** Section 8.5. */
    private void purge(PubSubNode node) throws StorageException {
        store.purge(node.service(), node.name());
        notifier.purged(node.service(), node.name(), subscribers(node));
    }

    /** Section 8.4: the subscribers are read first, since their subscriptions go with the node. */
    private void delete(PubSubNode node) throws StorageException {
        List<PubSubSubscription> subscribers = subscribers(node);
        store.deleteNode(node.service(), node.name());
        if (options(node).notifyDelete()) notifier.deleted(node.service(), node.name(), subscribers);
    }

    /**
     * The account is gone: each node it created passes to another owner, if the node has one, or
     * is deleted as its owner would delete it, its subscribers told.
     */
    void accountDeleted(Jid service, Jid account) throws StorageException {
        for (PubSubNode node : store.nodes(service)) {
            if (!node.owner().equals(account)) continue;
            Optional<PubSubAffiliation> heir = store.affiliations(service, node.name()).stream()
                    .filter(a -> a.affiliation().equals(Affiliations.OWNER)).findFirst();
            if (heir.isPresent()) {
                store.putNode(new PubSubNode(service, node.name(), heir.get().jid(), node.config()));
                store.unaffiliate(service, node.name(), heir.get().jid());   // the creator is an owner without a record
            } else {
                delete(node);
            }
        }
    }

    /** The approved subscriptions whose JIDs may still read the node. */
    private List<PubSubSubscription> subscribers(PubSubNode node) throws StorageException {
        List<PubSubSubscription> approved = store.subscriptions(node.service(), node.name()).stream().filter(PubSubSubscription::subscribed).toList();
        return affiliations.readersAmong(node, options(node), approved);
    }

    /**
     * Section 6.5, with XEP-0059 paging ({@link ItemPage}): newest first. Items asked for by id (section 6.5.8) come as asked, those that exist.
     */
    private Element items(Jid service, Jid from, Element request, Optional<Element> rsm) throws Refusal, StorageException {
        PubSubNode node = readable(service, from, request);
        if (options(node).accessModel().equals(AUTHORIZE) && !affiliations.preapproved(node, from) && !subscriptions.approved(node, from))
            throw new Refusal(Condition.NOT_AUTHORIZED, "not-subscribed", "the node's items are for its approved subscribers");
        List<String> asked = request.elements().stream().filter(e -> e.name().equals("item") && !e.attr("id").isEmpty()).map(e -> e.attr("id")).toList();
        if (!asked.isEmpty()) {
            List<PubSubItem> found = new ArrayList<>();
            for (String id : asked) store.item(service, node.name(), id).ifPresent(found::add);
            return Element.builder("pubsub").xmlns(NS).child(itemsElement(node.name(), found)).build();
        }
        List<PubSubItem> all = store.items(service, node.name(), maxItems);
        ItemPage page;
        try {
            page = ItemPage.of(all, ItemPage.limit(request, rsm, maxItems), rsm);
        } catch (StanzaException e) {
            throw new Refusal(e.error().condition(), e.error().text());
        }
        Element.Builder pubsub = Element.builder("pubsub").xmlns(NS).child(itemsElement(node.name(), page.of(all)));
        if (rsm.isPresent()) pubsub.child(page.resultSet(all));
        return pubsub.build();
    }

    private static Element itemsElement(String node, List<PubSubItem> items) {
        Element.Builder b = Element.builder("items").attr("node", node);
        for (PubSubItem i : items) b.child(Element.builder("item").attr("id", i.id()).child(i.payload()).build());
        return b.build();
    }

    private void configure(Jid service, Jid from, Element configure) throws Refusal, StorageException {
        PubSubNode node = owned(service, from, configure);
        Element form = configure.elements().stream().filter(e -> e.name().equals("x")).findFirst()
                .orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "the configuration form is missing"));
        if (form.attr("type").equals("cancel")) return;
        NodeOptions options = configured(options(node), form);
        PubSubNode changed = new PubSubNode(service, node.name(), node.owner(), options.toForm("submit"));
        store.putNode(changed);
        if (options.notifyConfig()) notifier.configured(service, node.name(), options, subscribers(changed));
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

    /** The node, if {@code from} owns it: section 8's use cases are the owners'. */
    private PubSubNode owned(Jid service, Jid from, Element action) throws Refusal, StorageException {
        PubSubNode node = existing(service, action);
        affiliations.checkOwner(node, from);
        return node;
    }

    /** The node, if {@code from} may read its items and subscribe to it. */
    private PubSubNode readable(Jid service, Jid from, Element action) throws Refusal, StorageException {
        PubSubNode node = existing(service, action);
        affiliations.checkReader(node, options(node), from);
        return node;
    }

    private static Element owner(Element child) {
        return Element.builder("pubsub").xmlns(OWNER_NS).child(child).build();
    }
}
