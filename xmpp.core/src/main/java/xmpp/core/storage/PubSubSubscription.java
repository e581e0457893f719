package xmpp.core.storage;

import java.util.Objects;
import java.util.Set;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * A subscription to a node of a pubsub service (XEP-0060 section 6.1): {@code jid} gets the
 * node's notifications once it is {@code subscribed}. A JID may hold several subscriptions to a
 * node (section 6.1.6), each with its own id.
 *
 * @param node the node's name
 * @param jid the subscribed JID, bare (every available resource) or full (that resource only)
 * @param subId the subscription's id, which the subscriber names in later requests
 * @param options the subscription's options as a submitted {@code jabber:x:data} form
 *        ({@code pubsub#deliver}, ...), as the service keeps them
 * @param state {@code subscribed}, or {@code pending} while the node's owner has not approved it
 *        (section 6.1.3.3, the {@code authorize} access model)
 * @since 1.1
 */
public record PubSubSubscription(String node, Jid jid, String subId, Element options, String state) {

    public static final String SUBSCRIBED = "subscribed";
    public static final String PENDING = "pending";
    /** The states a record may hold; {@code none} is the absence of a record. */
    public static final Set<String> STATES = Set.of(SUBSCRIBED, PENDING);

    public PubSubSubscription {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(subId, "subId");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(state, "state");
        if (node.isEmpty() || subId.isEmpty()) throw new IllegalArgumentException("a subscription needs a node and an id");
        if (!STATES.contains(state)) throw new IllegalArgumentException("no subscription state '" + state + "'; one of " + STATES);
    }

    /** A {@code subscribed} subscription. */
    public PubSubSubscription(String node, Jid jid, String subId, Element options) {
        this(node, jid, subId, options, SUBSCRIBED);
    }

    public boolean subscribed() {
        return state.equals(SUBSCRIBED);
    }
}
