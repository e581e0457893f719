package xmpp.mod.pubsub.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Subscriptions (XEP-0060 sections 6.1-6.4): an entity subscribes its bare or full JID, with
 * options or without, unsubscribes, reads and changes its options and lists its subscriptions;
 * a node's owners list and change them (section 8.8) and approve or deny those that wait
 * (section 8.6). A JID may hold several subscriptions to a node (section 6.1.6), one for each
 * set of options: subscribing with options it holds none with adds one, subscribing without
 * answers the one there is; a request then names its subscription by id.
 */
final class Subscriptions {

    static final String AUTHORIZATION = ServiceRequests.NS + "#subscribe_authorization";
    static final String NONE = "none";

    /** What became of a JID's subscription: the subscriber is told (section 8.8.4). */
    record Change(Jid jid, String subId, String state) { }

    private final PubSubStore store;

    Subscriptions(PubSubStore store) {
        this.store = store;
    }

    /**
     * Section 6.1, and 6.3.7 with options: the new subscription, {@code pending} unless
     * {@code approved}; without options, the JID's first subscription if it has one. Several
     * subscriptions exist for different options (section 6.1.6): with options that one of the
     * JID's subscriptions has already, that one, so that a client subscribing at each login
     * does not add one each time.
     */
    PubSubSubscription subscribe(PubSubNode node, Jid from, Element subscribe, Optional<Element> optionsForm, boolean approved)
            throws Refusal, StorageException {
        Jid jid = subscriber(from, subscribe);
        SubscriptionOptions options = SubscriptionOptions.DEFAULT;
        if (optionsForm.isPresent()) options = submitted(options, optionsForm.get());
        List<PubSubSubscription> existing = of(node, jid);
        if (!existing.isEmpty() && optionsForm.isEmpty()) return existing.getFirst();
        for (PubSubSubscription s : existing) if (SubscriptionOptions.stored(s.options()).equals(options)) return s;
        PubSubSubscription s = new PubSubSubscription(node.name(), jid, UUID.randomUUID().toString(), options.toForm("submit"),
                approved ? PubSubSubscription.SUBSCRIBED : PubSubSubscription.PENDING);
        store.subscribe(node.service(), s);
        return s;
    }

    /** Section 6.2. */
    void unsubscribe(PubSubNode node, Jid from, Element unsubscribe) throws Refusal, StorageException {
        store.unsubscribe(node.service(), node.name(), named(node, from, unsubscribe).subId());
    }

    /** Section 6.3.2: the subscription's options form. */
    Element options(PubSubNode node, Jid from, Element request) throws Refusal, StorageException {
        PubSubSubscription s = named(node, from, request);
        return pubsub(Element.builder("options").attr("node", node.name()).attr("jid", s.jid().toString()).attr("subid", s.subId())
                .child(SubscriptionOptions.stored(s.options()).toForm("form")).build());
    }

    /** Section 6.3.5. */
    void setOptions(PubSubNode node, Jid from, Element request) throws Refusal, StorageException {
        PubSubSubscription s = named(node, from, request);
        Element form = request.child("x", NodeOptions.DATA_NS).orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "invalid-options", "the options form is missing"));
        SubscriptionOptions options = submitted(SubscriptionOptions.stored(s.options()), form);
        store.subscribe(node.service(), new PubSubSubscription(s.node(), s.jid(), s.subId(), options.toForm("submit"), s.state()));
    }

    /** Whether {@code jid}'s entity holds an approved subscription to the node, by any of its JIDs. */
    boolean approved(PubSubNode node, Jid jid) throws StorageException {
        return store.subscriptionsOf(node.service(), jid).stream().anyMatch(s -> s.node().equals(node.name()) && s.subscribed());
    }

    /** Section 5.6: the entity's subscriptions at the service, or to one node. */
    Element entityList(Jid service, Jid from, String node) throws StorageException {
        Element.Builder list = Element.builder("subscriptions");
        if (!node.isEmpty()) list.attr("node", node);
        for (PubSubSubscription s : store.subscriptionsOf(service, from))
            if (node.isEmpty() || s.node().equals(node)) list.child(subscription(s, true));
        return pubsub(list.build());
    }

    /** Section 8.8.1: pending ones too. */
    Element ownerList(PubSubNode node) throws StorageException {
        Element.Builder list = Element.builder("subscriptions").attr("node", node.name());
        for (PubSubSubscription s : store.subscriptions(node.service(), node.name())) list.child(subscription(s, false));
        return Element.builder("pubsub").xmlns(ServiceRequests.OWNER_NS).child(list.build()).build();
    }

    /**
     * Section 8.8.2: {@code subscribed} approves the JID's subscriptions (or the one its
     * {@code subid} names, which must exist), or subscribes it with the default options;
     * {@code none} removes them.
     */
    List<Change> modify(PubSubNode node, Element subscriptions) throws Refusal, StorageException {
        record Asked(Jid jid, String subId, boolean subscribed) { }
        List<Asked> asked = new ArrayList<>();   // all checked before any is made
        for (Element e : subscriptions.elements()) {
            if (!e.name().equals("subscription")) continue;
            Jid jid = Jid.parse(e.attr("jid")).orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "invalid-jid", "not a JID: '" + e.attr("jid") + "'"));
            String state = e.attr("subscription");
            if (!state.equals(PubSubSubscription.SUBSCRIBED) && !state.equals(NONE))
                throw new Refusal(Condition.NOT_ACCEPTABLE, "owners set subscriptions subscribed or none, not '" + state + "'");
            String subId = e.attr("subid");
            if (!subId.isEmpty() && of(node, jid).stream().noneMatch(s -> s.subId().equals(subId)))
                throw new Refusal(Condition.NOT_ACCEPTABLE, "invalid-subid", jid + " has no subscription " + subId);
            asked.add(new Asked(jid, subId, state.equals(PubSubSubscription.SUBSCRIBED)));
        }
        List<Change> changes = new ArrayList<>();
        for (Asked a : asked) {
            List<PubSubSubscription> held = of(node, a.jid()).stream().filter(s -> a.subId().isEmpty() || s.subId().equals(a.subId())).toList();
            if (!a.subscribed()) {
                for (PubSubSubscription s : held) changes.add(removed(node, s));
            } else if (held.isEmpty()) {
                PubSubSubscription s = new PubSubSubscription(node.name(), a.jid(), UUID.randomUUID().toString(), SubscriptionOptions.DEFAULT.toForm("submit"));
                store.subscribe(node.service(), s);
                changes.add(new Change(s.jid(), s.subId(), s.state()));
            } else {
                for (PubSubSubscription s : held) if (!s.subscribed()) changes.add(approve(node, s));
            }
        }
        return changes;
    }

    /** An outcast's subscriptions go (section 8.9.2). */
    List<Change> removeAll(PubSubNode node, Jid bare) throws StorageException {
        List<Change> changes = new ArrayList<>();
        for (PubSubSubscription s : store.subscriptionsOf(node.service(), bare)) if (s.node().equals(node.name())) changes.add(removed(node, s));
        return changes;
    }

    /** Section 8.6.2: an owner's answer to an authorization request, a submitted subscribe_authorization form. */
    Change authorize(PubSubNode node, Map<String, String> answer) throws Refusal, StorageException {
        String subId = answer.getOrDefault("pubsub#subid", "");
        Jid jid = Jid.parse(answer.getOrDefault("pubsub#subscriber_jid", ""))
                .orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "the answer names no pubsub#subscriber_jid"));
        PubSubSubscription s = of(node, jid).stream().filter(p -> !p.subscribed() && (subId.isEmpty() || p.subId().equals(subId))).findFirst()
                .orElseThrow(() -> new Refusal(Condition.ITEM_NOT_FOUND, jid + " has no pending subscription to " + node.name()));
        boolean allow;
        try {
            allow = NodeOptions.bool("pubsub#allow", answer.getOrDefault("pubsub#allow", ""));
        } catch (NodeOptions.Invalid e) {
            throw new Refusal(Condition.BAD_REQUEST, e.getMessage());
        }
        return allow ? approve(node, s) : removed(node, s);
    }

    /** Section 8.6.1: the form that asks an owner to approve a pending subscription. */
    static Element authorizationRequest(PubSubSubscription pending) {
        return Element.builder("x").xmlns(NodeOptions.DATA_NS).attr("type", "form")
                .child(Element.builder("title").text("PubSub subscriber request").build())
                .child(Element.builder("instructions").text("To approve this entity's subscription request, set pubsub#allow to true and submit.").build())
                .child(NodeOptions.field("FORM_TYPE", "hidden", AUTHORIZATION))
                .child(NodeOptions.field("pubsub#subid", "hidden", pending.subId()))
                .child(NodeOptions.field("pubsub#node", "text-single", pending.node()))
                .child(NodeOptions.field("pubsub#subscriber_jid", "jid-single", pending.jid().toString()))
                .child(NodeOptions.field("pubsub#allow", "boolean", "0"))
                .build();
    }

    private Change approve(PubSubNode node, PubSubSubscription s) throws StorageException {
        store.subscribe(node.service(), new PubSubSubscription(s.node(), s.jid(), s.subId(), s.options(), PubSubSubscription.SUBSCRIBED));
        return new Change(s.jid(), s.subId(), PubSubSubscription.SUBSCRIBED);
    }

    private Change removed(PubSubNode node, PubSubSubscription s) throws StorageException {
        store.unsubscribe(node.service(), node.name(), s.subId());
        return new Change(s.jid(), s.subId(), NONE);
    }

    /** The JID a request names, which must be the requester's own (sections 6.1.3.1, 6.2.3.3, 6.3.4.3). */
    private static Jid subscriber(Jid from, Element request) throws Refusal {
        if (request.attr("jid").isEmpty()) throw new Refusal(Condition.BAD_REQUEST, "jid-required", "name the subscribed JID");
        Jid jid = Jid.parse(request.attr("jid")).orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "invalid-jid", "not a JID: '" + request.attr("jid") + "'"));
        if (!jid.bare().equals(from.bare())) throw new Refusal(Condition.BAD_REQUEST, "invalid-jid", "you may subscribe your own JIDs only");
        return jid;
    }

    /**
     * The requester's subscription that the request names: by id, which it must give when its
     * JID holds several (sections 6.2.3.1, 6.3.4.1).
     */
    private PubSubSubscription named(PubSubNode node, Jid from, Element request) throws Refusal, StorageException {
        Jid jid = subscriber(from, request);
        List<PubSubSubscription> held = of(node, jid);
        if (held.isEmpty()) throw new Refusal(Condition.UNEXPECTED_REQUEST, "not-subscribed", jid + " has no subscription to " + node.name());
        String subId = request.attr("subid");
        if (subId.isEmpty()) {
            if (held.size() > 1) throw new Refusal(Condition.BAD_REQUEST, "subid-required", jid + " has " + held.size() + " subscriptions to " + node.name() + "; name one");
            return held.getFirst();
        }
        return held.stream().filter(s -> s.subId().equals(subId)).findFirst()
                .orElseThrow(() -> new Refusal(Condition.NOT_ACCEPTABLE, "invalid-subid", "no subscription " + subId));
    }

    /** The subscriptions of exactly this JID, as subscribed, to the node. */
    private List<PubSubSubscription> of(PubSubNode node, Jid jid) throws StorageException {
        return store.subscriptionsOf(node.service(), jid).stream().filter(s -> s.node().equals(node.name()) && s.jid().equals(jid)).toList();
    }

    private static SubscriptionOptions submitted(SubscriptionOptions options, Element form) throws Refusal {
        try {
            return options.with(form);
        } catch (NodeOptions.Invalid e) {
            throw new Refusal(Condition.BAD_REQUEST, "invalid-options", e.getMessage());
        }
    }

    static Element subscription(PubSubSubscription s, boolean withNode) {
        Element.Builder b = Element.builder("subscription");
        if (withNode) b.attr("node", s.node());
        return b.attr("jid", s.jid().toString()).attr("subid", s.subId()).attr("subscription", s.state()).build();
    }

    static Element pubsub(Element child) {
        return Element.builder("pubsub").xmlns(ServiceRequests.NS).child(child).build();
    }
}
