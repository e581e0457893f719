package xmpp.mod.pubsub.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.xml.Element;

/**
 * Event notifications (XEP-0060 sections 7.1.2, 7.2.2, 8.2.5, 8.4.2, 8.5.2): a {@code headline}
 * message from the service to each subscriber whose subscription is approved and delivers; and
 * the messages about subscriptions themselves, to their subscribers and to the owners who
 * approve them.
 */
final class Notifier {

    static final String EVENT_NS = ServiceRequests.NS + "#event";
    static final String SHIM_NS = "http://jabber.org/protocol/shim";

    private final Router router;

    Notifier(Router router) {
        this.router = router;
    }

    /** A published item, with its payload if the node delivers payloads. */
    void published(Jid service, String node, NodeOptions options, String itemId, Element payload, List<PubSubSubscription> subscribers) {
        Element.Builder item = Element.builder("item").attr("id", itemId);
        if (options.deliverPayloads()) item.child(payload);
        send(service, subscribers, Element.builder("items").attr("node", node).child(item.build()).build());
    }

    /** A publication to a transient notification-only node: the event alone, without an item (section 7.1.2.2). */
    void signalled(Jid service, String node, List<PubSubSubscription> subscribers) {
        send(service, subscribers, Element.builder("items").attr("node", node).build());
    }

    void retracted(Jid service, String node, String itemId, List<PubSubSubscription> subscribers) {
        send(service, subscribers, Element.builder("items").attr("node", node)
                .child(Element.builder("retract").attr("id", itemId).build()).build());
    }

    void purged(Jid service, String node, List<PubSubSubscription> subscribers) {
        send(service, subscribers, Element.builder("purge").attr("node", node).build());
    }

    void deleted(Jid service, String node, List<PubSubSubscription> subscribers) {
        send(service, subscribers, Element.builder("delete").attr("node", node).build());
    }

    /** Section 8.2.5.1: the new configuration goes with the notification when the node delivers payloads. */
    void configured(Jid service, String node, NodeOptions options, List<PubSubSubscription> subscribers) {
        Element.Builder configuration = Element.builder("configuration").attr("node", node);
        if (options.deliverPayloads()) configuration.child(options.toForm("result"));
        send(service, subscribers, configuration.build());
    }

    /**
     * Section 8.8.4: the subscriber hears what became of its subscription, in a {@code <pubsub/>}
     * as that section's example has it. Not in an {@code <event/>}: Smack 4.5 has no provider for
     * an event's {@code <subscription/>}, and its event parser's cast fails, which costs a Smack
     * client its connection.
     */
    void subscriptionChanged(Jid service, String node, Subscriptions.Change change) {
        Element subscription = Element.builder("subscription").attr("node", node).attr("jid", change.jid().toString())
                .attr("subid", change.subId()).attr("subscription", change.state()).build();
        router.route(service, change.jid(), message(service, change.jid(), Subscriptions.pubsub(subscription)).build());
    }

    /** Section 8.6.1: each owner is asked to approve a pending subscription. */
    void authorizationRequested(Jid service, List<Jid> owners, PubSubSubscription pending) {
        Element form = Subscriptions.authorizationRequest(pending);
        for (Jid owner : owners) router.route(service, owner, message(service, owner, form).attr("type", "normal").build());
    }

    /**
     * One message per subscribed JID whose subscriptions deliver, however many it holds; with
     * several, SHIM SubID headers name each (XEP-0060 section 12.6), so that the subscriber tells them apart.
     */
    private void send(Jid service, List<PubSubSubscription> subscribers, Element change) {
        Element event = Element.builder("event").xmlns(EVENT_NS).child(change).build();
        Map<Jid, List<String>> subIds = new LinkedHashMap<>();
        for (PubSubSubscription s : subscribers)
            if (s.subscribed() && SubscriptionOptions.stored(s.options()).deliver()) subIds.computeIfAbsent(s.jid(), j -> new ArrayList<>()).add(s.subId());
        subIds.forEach((jid, ids) -> {
            Element.Builder message = message(service, jid, event).attr("type", "headline");
            if (ids.size() > 1) message.child(headers(ids));
            router.route(service, jid, message.build());
        });
    }

    private static Element headers(List<String> subIds) {
        Element.Builder headers = Element.builder("headers").xmlns(SHIM_NS);
        for (String id : subIds) headers.child(Element.builder("header").attr("name", "SubID").text(id).build());
        return headers.build();
    }

    private static Element.Builder message(Jid service, Jid to, Element payload) {
        return Element.builder("message").attr("from", service.toString()).attr("to", to.toString())
                .attr("id", UUID.randomUUID().toString()).child(payload);
    }
}
