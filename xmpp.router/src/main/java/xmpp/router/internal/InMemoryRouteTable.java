package xmpp.router.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import xmpp.core.spi.route.RouteTable;

/** The single-node route table. Ranked low, so a cluster's table replaces it. */
@Component(property = "service.ranking:Integer=-100")
public final class InMemoryRouteTable implements RouteTable {

    private final Map<String, Set<String>> routes = new ConcurrentHashMap<>();

    @Override
    public void add(String domain, String node) {
        routes.compute(domain, (d, nodes) -> {
            Set<String> updated = new java.util.HashSet<>(nodes == null ? Set.of() : nodes);
            updated.add(node);
            return Set.copyOf(updated);
        });
    }

    @Override
    public void remove(String domain, String node) {
        routes.computeIfPresent(domain, (d, nodes) -> {
            Set<String> updated = new java.util.HashSet<>(nodes);
            updated.remove(node);
            return updated.isEmpty() ? null : Set.copyOf(updated);
        });
    }

    @Override
    public Set<String> nodes(String domain) {
        return routes.getOrDefault(domain, Set.of());
    }

    @Override
    public Map<String, Set<String>> all() {
        return Map.copyOf(routes);
    }
}
