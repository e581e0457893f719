package xmpp.mod.pubsub.internal;

import java.util.List;
import java.util.UUID;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.xml.Element;

/**
 * Event notifications (XEP-0060 sections 7.1.2, 7.2.2, 8.2.5, 8.4.2, 8.5.2): a {@code headline}
 * message from the service to each subscriber whose subscription delivers.
 */
final class Notifier {

    static final String EVENT_NS = ServiceRequests.NS + "#event";

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

    private void send(Jid service, List<PubSubSubscription> subscribers, Element change) {
        Element event = Element.builder("event").xmlns(EVENT_NS).child(change).build();
        for (PubSubSubscription s : subscribers) {
            if (!SubscriptionOptions.stored(s.options()).deliver()) continue;
            router.route(service, s.jid(), Element.builder("message").attr("from", service.toString()).attr("to", s.jid().toString())
                    .attr("type", "headline").attr("id", UUID.randomUUID().toString()).child(event).build());
        }
    }
}
