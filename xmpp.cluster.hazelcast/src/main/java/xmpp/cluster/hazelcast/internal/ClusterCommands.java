package xmpp.cluster.hazelcast.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.spi.route.SessionEntry;

/** The shell's {@code xmpp:cluster}: there only while this node is clustered; {@code bin/xmppctl xmpp:cluster} runs it too. */
@Component(service = ClusterCommands.class, property = {"osgi.command.scope=xmpp", "osgi.command.function=cluster"})
public final class ClusterCommands {

    private final HazelcastMember member;
    private final HazelcastSessionTable sessions;
    private final HazelcastRouteTable routes;
    private final HazelcastS2STable streams;

    @Activate
    public ClusterCommands(@Reference HazelcastMember member) {
        this.member = member;
        this.sessions = new HazelcastSessionTable(member);
        this.routes = new HazelcastRouteTable(member);
        this.streams = new HazelcastS2STable(member);
    }

    @Descriptor("list the cluster's members, oldest first: node, address, sessions, component routes ('*' marks this node); then which node holds each outgoing server-to-server stream")
    public String cluster() {
        Map<String, String> nodes = member.nodes();
        List<SessionEntry> all = sessions.all();
        Map<String, Set<String>> routeTable = routes.all();
        StringBuilder sb = new StringBuilder(String.format("%-1s %-20s %-22s %-9s %s%n", "", "NODE", "ADDRESS", "SESSIONS", "ROUTES"));
        nodes.forEach((node, address) -> {
            long count = all.stream().filter(e -> e.node().equals(node)).count();
            String served = String.join(",", new TreeMap<>(routeTable).entrySet().stream()
                    .filter(r -> r.getValue().contains(node)).map(Map.Entry::getKey).toList());
            sb.append(String.format("%-1s %-20s %-22s %-9d %s%n", node.equals(member.node()) ? "*" : "", node, address, count,
                    served.isEmpty() ? "-" : served));
        });
        sb.append(nodes.size()).append(nodes.size() == 1 ? " member" : " members");
        new TreeMap<>(streams.all()).forEach((pair, node) -> sb.append(String.format("%ns2s %s on %s", pair.replace(" ", " -> "), node)));
        return sb.toString();
    }
}
