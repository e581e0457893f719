package xmpp.core.spi.route;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * SPI: which node of a cluster holds the outgoing server-to-server stream from a local domain to
 * a remote one, so that the cluster opens one stream per pair and the other nodes forward to its
 * node through the {@link NodeLink}. A cluster bundle registers it; a single node has none, and
 * every stream is its own. Implementations are thread-safe.
 *
 * @since 1.4
 */
@ProviderType
public interface S2STable {

    /**
     * Claims the stream from {@code local} to {@code remote} for this node, atomically, unless a
     * node that is still a member of the cluster holds it; the claim of a node that left is taken
     * over.
     *
     * @return the other node that holds the stream; empty when it is this node's
     */
    Optional<String> claim(String local, String remote);

    /** This node's stream from {@code local} to {@code remote} ended: the next stanza may claim it anywhere. */
    void release(String local, String remote);
}
