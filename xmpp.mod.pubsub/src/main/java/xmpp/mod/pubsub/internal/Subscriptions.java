package xmpp.mod.pubsub.internal;

import java.util.ArrayList;
import java.util.List;
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
 * a node's owners list and change them (section 8.8). One subscription per JID and node:
 * subscribing again answers the one there is (with options, it gets them). Every subscription is {@code subscribed}, since no
 * access model here asks the owner's approval.
 */
final class Subscriptions {

    private static final String SUBSCRIBED = "subscribed";

    private final PubSubStore store;

    Subscriptions(PubSubStore store) {
        this.store = store;
    }

    /** Section 6.1, and 6.3.7 with options: the subscription, and its options form. */
    Element subscribe(PubSubNode node, Jid from, Element subscribe, Optional<Element> optionsForm) throws Refusal, StorageException {
        Jid jid = subscriber(from, subscribe);
        SubscriptionOptions options = SubscriptionOptions.DEFAULT;
        if (optionsForm.isPresent()) options = submitted(options, optionsForm.get());
        Optional<PubSubSubscription> existing = find(node, jid);
        if (existing.isPresent() && optionsForm.isEmpty()) return pubsub(subscription(existing.get(), true));
        PubSubSubscription s = new PubSubSubscription(node.name(), jid, existing.map(PubSubSubscription::subId).orElseGet(() -> UUID.randomUUID().toString()),
                options.toForm("submit"));
        store.subscribe(node.service(), s);
        return pubsub(subscription(s, true));
    }

    /** Section 6.2. */
    void unsubscribe(PubSubNode node, Jid from, Element unsubscribe) throws Refusal, StorageException {
        PubSubSubscription s = subscribed(node, from, unsubscribe);
        store.unsubscribe(node.service(), node.name(), s.jid());
    }

    /** Section 6.3.2: the subscription's options form. */
    Element options(PubSubNode node, Jid from, Element request) throws Refusal, StorageException {
        PubSubSubscription s = subscribed(node, from, request);
        return pubsub(Element.builder("options").attr("node", node.name()).attr("jid", s.jid().toString()).attr("subid", s.subId())
                .child(SubscriptionOptions.stored(s.options()).toForm("form")).build());
    }

    /** Section 6.3.5. */
    void setOptions(PubSubNode node, Jid from, Element request) throws Refusal, StorageException {
        PubSubSubscription s = subscribed(node, from, request);
        Element form = request.child("x", NodeOptions.DATA_NS).orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "invalid-options", "the options form is missing"));
        SubscriptionOptions options = submitted(SubscriptionOptions.stored(s.options()), form);
        store.subscribe(node.service(), new PubSubSubscription(s.node(), s.jid(), s.subId(), options.toForm("submit")));
    }

    /** Section 5.6: the entity's subscriptions at the service, or to one node. */
    Element entityList(Jid service, Jid from, String node) throws StorageException {
        Element.Builder list = Element.builder("subscriptions");
        if (!node.isEmpty()) list.attr("node", node);
        for (PubSubSubscription s : store.subscriptionsOf(service, from))
            if (node.isEmpty() || s.node().equals(node)) list.child(subscription(s, true));
        return pubsub(list.build());
    }

    /** Section 8.8.1. */
    Element ownerList(PubSubNode node) throws StorageException {
        Element.Builder list = Element.builder("subscriptions").attr("node", node.name());
        for (PubSubSubscription s : store.subscriptions(node.service(), node.name())) list.child(subscription(s, false));
        return Element.builder("pubsub").xmlns(ServiceRequests.OWNER_NS).child(list.build()).build();
    }

    /** Section 8.8.2: {@code subscribed} subscribes a JID with the default options, {@code none} unsubscribes it. */
    void modify(PubSubNode node, Element subscriptions) throws Refusal, StorageException {
        record Change(Jid jid, boolean subscribed) { }
        List<Change> changes = new ArrayList<>();   // all checked before any is made
        for (Element e : subscriptions.elements()) {
            if (!e.name().equals("subscription")) continue;
            Jid jid = Jid.parse(e.attr("jid")).orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "invalid-jid", "not a JID: '" + e.attr("jid") + "'"));
            String state = e.attr("subscription");
            if (!state.equals(SUBSCRIBED) && !state.equals("none"))
                throw new Refusal(Condition.NOT_ACCEPTABLE, "subscriptions here are subscribed or none, not '" + state + "'");
            changes.add(new Change(jid, state.equals(SUBSCRIBED)));
        }
        for (Change c : changes) {
            if (!c.subscribed()) store.unsubscribe(node.service(), node.name(), c.jid());
            else if (find(node, c.jid()).isEmpty())
                store.subscribe(node.service(), new PubSubSubscription(node.name(), c.jid(), UUID.randomUUID().toString(), SubscriptionOptions.DEFAULT.toForm("submit")));
        }
    }

    /** The JID a request names, which must be the requester's own (sections 6.1.3.1, 6.2.3.3, 6.3.4.3). */
    private static Jid subscriber(Jid from, Element request) throws Refusal {
        if (request.attr("jid").isEmpty()) throw new Refusal(Condition.BAD_REQUEST, "jid-required", "name the subscribed JID");
        Jid jid = Jid.parse(request.attr("jid")).orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "invalid-jid", "not a JID: '" + request.attr("jid") + "'"));
        if (!jid.bare().equals(from.bare())) throw new Refusal(Condition.BAD_REQUEST, "invalid-jid", "you may subscribe your own JIDs only");
        return jid;
    }

    /** The requester's subscription that the request names, by JID and, if given, by id. */
    private PubSubSubscription subscribed(PubSubNode node, Jid from, Element request) throws Refusal, StorageException {
        Jid jid = subscriber(from, request);
        PubSubSubscription s = find(node, jid).orElseThrow(() -> new Refusal(Condition.UNEXPECTED_REQUEST, "not-subscribed", jid + " has no subscription to " + node.name()));
        String subId = request.attr("subid");
        if (!subId.isEmpty() && !subId.equals(s.subId())) throw new Refusal(Condition.NOT_ACCEPTABLE, "invalid-subid", "no subscription " + subId);
        return s;
    }

    private Optional<PubSubSubscription> find(PubSubNode node, Jid jid) throws StorageException {
        return store.subscriptionsOf(node.service(), jid).stream().filter(s -> s.node().equals(node.name()) && s.jid().equals(jid)).findFirst();
    }

    private static SubscriptionOptions submitted(SubscriptionOptions options, Element form) throws Refusal {
        try {
            return options.with(form);
        } catch (NodeOptions.Invalid e) {
            throw new Refusal(Condition.BAD_REQUEST, "invalid-options", e.getMessage());
        }
    }

    private static Element subscription(PubSubSubscription s, boolean withNode) {
        Element.Builder b = Element.builder("subscription");
        if (withNode) b.attr("node", s.node());
        return b.attr("jid", s.jid().toString()).attr("subid", s.subId()).attr("subscription", SUBSCRIBED).build();
    }

    private static Element pubsub(Element child) {
        return Element.builder("pubsub").xmlns(ServiceRequests.NS).child(child).build();
    }
}
