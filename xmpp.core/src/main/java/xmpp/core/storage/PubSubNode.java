package xmpp.core.storage;

import java.util.Objects;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * A publish-subscribe node (XEP-0060) of a service: an account for PEP (XEP-0163), or a
 * pubsub component's domain.
 *
 * @param service the bare JID of the account, or the service's domain
 * @param name the node's name, e.g. {@code urn:xmpp:omemo:2:devices}
 * @param owner who created the node and may configure and delete it
 * @param config the node's configuration as a submitted {@code jabber:x:data} form
 *        ({@code pubsub#access_model}, {@code pubsub#max_items}, ...), as the service keeps it
 * @since 1.1
 */
public record PubSubNode(Jid service, String name, Jid owner, Element config) {

    public PubSubNode {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(config, "config");
        if (name.isEmpty()) throw new IllegalArgumentException("a node needs a name");
    }
}
