package xmpp.cluster.hazelcast.internal;

import com.hazelcast.map.IMap;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.spi.route.S2STable;

/**
 * The cluster's server-to-server streams: for each (local domain, remote domain) the node that
 * holds the outgoing stream. Claimed with putIfAbsent, so two nodes needing a stream at once
 * agree on one; a claim of a node that is no longer a member is taken over by the next node that
 * needs the stream, and swept with the node's sessions (see {@link MembershipWatch}).
 */
@Component(service = S2STable.class)
public final class HazelcastS2STable implements S2STable {

    private static final System.Logger log = System.getLogger(HazelcastS2STable.class.getName());

    static final String MAP = "xmpp.s2s";

    private final HazelcastMember member;
    private final IMap<String, String> owners;

    @Activate
    public HazelcastS2STable(@Reference HazelcastMember member) {
        this.member = member;
        this.owners = member.hazelcast().getMap(MAP);
    }

    @Override
    public Optional<String> claim(String local, String remote) {
        String key = key(local, remote);
        String node = member.node();
        while (true) {
            String owner = owners.putIfAbsent(key, node);
            if (owner == null || owner.equals(node)) return Optional.empty();
            if (member.nodes().containsKey(owner)) return Optional.of(owner);
            if (owners.replace(key, owner, node)) {
                log.log(System.Logger.Level.INFO, "stream from {0} to {1} taken over from node {2}, no longer in the cluster", local, remote, owner);
                return Optional.empty();
            }
        }
    }

    @Override
    public void release(String local, String remote) {
        owners.remove(key(local, remote), member.node());
    }

    /** Removes the claims of nodes not in {@code members}. */
    void removeOthersThan(Set<String> members) {
        owners.forEach((key, node) -> {
            if (!members.contains(node)) owners.remove(key, node);
        });
    }

    /** The claims by node: "local remote" to the node holding its stream. A snapshot. */
    java.util.Map<String, String> all() {
        return java.util.Map.copyOf(owners);
    }

    private static String key(String local, String remote) {
        return local + ' ' + remote;
    }
}
