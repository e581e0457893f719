package xmpp.cluster.hazelcast.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.spi.route.RouteTable;

/**
 * The cluster's global route table: each domain a component serves, with the nodes serving it
 * (comma-separated). Ranked above the router's single-node table, which it replaces.
 */
@Component(service = RouteTable.class, property = "service.ranking:Integer=100")
public final class HazelcastRouteTable implements RouteTable {

    static final String MAP = "xmpp.routes";

    private final CasMap routes;

    @Activate
    public HazelcastRouteTable(@Reference HazelcastMember member) {
        this(new CasMap(member.hazelcast().getMap(MAP)));
    }

    HazelcastRouteTable(CasMap routes) {
        this.routes = routes;
    }

    @Override
    public void add(String domain, String node) {
        routes.update(domain, nodes -> join(with(split(nodes), node, true)));
    }

    @Override
    public void remove(String domain, String node) {
        routes.update(domain, nodes -> join(with(split(nodes), node, false)));
    }

    @Override
    public Set<String> nodes(String domain) {
        return split(routes.get(domain));
    }

    @Override
    public Map<String, Set<String>> all() {
        return routes.map().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> split(e.getValue())));
    }

    private static Set<String> with(Set<String> nodes, String node, boolean present) {
        Set<String> updated = new TreeSet<>(nodes);
        if (present) updated.add(node);
        else updated.remove(node);
        return updated;
    }

    private static Set<String> split(String nodes) {
        return nodes == null ? Set.of() : Set.copyOf(Arrays.asList(nodes.split(",")));
    }

    private static String join(Set<String> nodes) {
        return nodes.isEmpty() ? null : String.join(",", nodes);
    }
}
