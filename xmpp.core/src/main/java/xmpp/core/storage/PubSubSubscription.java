package xmpp.core.storage;

import java.util.Objects;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * A subscription to a node of a pubsub service (XEP-0060 section 6.1): {@code jid} gets the
 * node's notifications. One per JID and node.
 *
 * @param node the node's name
 * @param jid the subscribed JID, bare (every available resource) or full (that resource only)
 * @param subId the subscription's id, which the subscriber names in later requests
 * @param options the subscription's options as a submitted {@code jabber:x:data} form
 *        ({@code pubsub#deliver}, ...), as the service keeps them
 * @since 1.1
 */
public record PubSubSubscription(String node, Jid jid, String subId, Element options) {

    public PubSubSubscription {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(subId, "subId");
        Objects.requireNonNull(options, "options");
        if (node.isEmpty() || subId.isEmpty()) throw new IllegalArgumentException("a subscription needs a node and an id");
    }
}
