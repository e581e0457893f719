package xmpp.core.spi.route;

import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * SPI: the global route table (seed section 3.1), which domain is served on which node of
 * the cluster. The router keeps its local routes itself and publishes them here; the
 * single-node implementation lives in {@code xmpp.router}, a clustered one replaces it.
 * Implementations are thread-safe.
 */
@ProviderType
public interface RouteTable {

    /** Records that {@code node} serves {@code domain}. */
    void add(String domain, String node);

    /** Forgets that {@code node} serves {@code domain}; other nodes' routes stay. */
    void remove(String domain, String node);

    /** The nodes serving {@code domain}, empty if none. */
    Set<String> nodes(String domain);

    /** Every route: domain to the nodes serving it. A snapshot. */
    Map<String, Set<String>> all();
}
