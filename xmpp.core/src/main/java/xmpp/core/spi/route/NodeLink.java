package xmpp.core.spi.route;

import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * SPI: carries a stanza to another node of the cluster, where it is routed again. A cluster
 * bundle registers it; a single node has none, and its tables never name another node.
 */
@ConsumerType
public interface NodeLink {

    /**
     * Sends the stanza to {@code node}.
     *
     * @return false if {@code node} cannot be reached; the router then answers the sender
     */
    boolean forward(String node, Jid from, Jid to, Element stanza);
}
