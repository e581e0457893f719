package xmpp.core.spi.route;

import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * SPI: carries a stanza to another node of the cluster. A cluster bundle registers it; a single
 * node has none, and its tables never name another node.
 */
@ConsumerType
public interface NodeLink {

    /**
     * Sends the stanza to {@code node}, where it is routed again: for a domain (a component) that
     * node serves.
     *
     * @return false if {@code node} cannot be reached; the router then answers the sender
     */
    boolean forward(String node, Jid from, Jid to, Element stanza);

    /**
     * Sends the stanza to {@code node} for the session of full JID {@code session} bound there,
     * which gets it through {@link SessionManager#deliverForwarded}: the sending node has already
     * applied the delivery rules and run the inbound hooks, so it is not routed again (a
     * subscription stanza routed again would go back to the account, and between nodes forever).
     *
     * @return false if {@code node} cannot be reached (also what a link that cannot carry
     *         deliveries answers); the router then treats the session as gone
     * @since 1.2
     */
    default boolean deliver(String node, Jid from, Jid session, Element stanza) {
        return false;
    }

    /**
     * Tells {@code node} that its session of full JID {@code session} was bound anew on this node:
     * that node closes it with {@code conflict} through {@link SessionManager#replacedElsewhere}.
     *
     * @return false if {@code node} cannot be reached (also what a link that cannot carry it
     *         answers); the session there ends with its node
     * @since 1.4
     */
    default boolean replaced(String node, Jid session) {
        return false;
    }
}
