package xmpp.cluster.hazelcast.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import xmpp.core.route.ServiceProperties;

/**
 * This server's Hazelcast member: started when {@code etc/xmpp.cluster.cfg} exists, joined to
 * the listed members over TCP/IP, stopped with the component. The tables and the node link of
 * this bundle are built on it. Each member carries its XMPP node name as an attribute, which is
 * how the router's node names map to members.
 */
@Component(service = HazelcastMember.class, configurationPid = {ClusterConfig.PID, "xmpp.server"},
        configurationPolicy = ConfigurationPolicy.REQUIRE)   // no @Designate: metatype describes one PID, and this reads two (ClusterConfig designates its own)
public final class HazelcastMember {

    static final String NODE_ATTRIBUTE = "xmpp.node";

    private static final System.Logger log = System.getLogger(HazelcastMember.class.getName());

    private final String node;
    private final HazelcastInstance hazelcast;

    @Activate
    public HazelcastMember(ClusterConfig config, ServerNode server) {
        this(server.node(), config(config, server.node()));
    }

    HazelcastMember(String node, Config config) {
        this.node = node;
        this.hazelcast = start(config);
        Optional<Member> twin = hazelcast.getCluster().getMembers().stream()
                .filter(m -> !m.localMember() && node.equals(m.getAttribute(NODE_ATTRIBUTE))).findFirst();
        if (twin.isPresent()) {
            hazelcast.shutdown();
            throw new IllegalStateException("cluster member " + twin.get().getAddress() + " is node '" + node
                    + "' too; give each node its own node= in etc/xmpp.server.cfg");
        }
        log.log(System.Logger.Level.INFO, "node {0} joined cluster {1} with {2}", node, config.getClusterName(), nodes().keySet());
    }

    /** The Hazelcast configuration for {@code config}, refused if its address is not safe to bind. */
    static Config config(ClusterConfig config, String node) {
        InetAddress address = BindAddress.of(config.address(), config.public_allowed());
        Config c = new Config();
        c.setClusterName(config.name());
        c.setInstanceName("xmpp-" + node);
        c.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, node);
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");   // the framework stops it, in order
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(Math.max(2, config.member_timeout_s())));
        // Every stanza to a full JID bound on another node reads its account's entry. With the
        // backup read here, a member that holds the entry's backup answers from memory instead of
        // asking the owner over the network: on two nodes that is every entry. The backup is
        // synchronous (written before the owner's update returns), so it is as current as the owner.
        c.getMapConfig(HazelcastSessionTable.MAP).setBackupCount(1).setAsyncBackupCount(0).setReadBackupData(true);
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(config.port()).setPortAutoIncrement(false);
        net.setPublicAddress(address.getHostAddress() + ":" + config.port());
        if (address.isAnyLocalAddress()) {
            c.setProperty("hazelcast.socket.bind.any", "true");
        } else {
            c.setProperty("hazelcast.socket.bind.any", "false");
            net.getInterfaces().setEnabled(true).addInterface(address.getHostAddress());
        }
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(ServiceProperties.strings(config.members()).stream().map(String::strip).toList());
        return c;
    }

    private static HazelcastInstance start(Config config) {
        // Hazelcast finds its own services through the context class loader: inside OSGi, its bundle's.
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(Hazelcast.class.getClassLoader());
        try {
            return Hazelcast.newHazelcastInstance(config);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Deactivate
    void deactivate() {
        log.log(System.Logger.Level.INFO, "node {0} leaves the cluster", node);
        hazelcast.shutdown();
    }

    String node() {
        return node;
    }

    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** The members by node name, the oldest first, with their addresses. */
    Map<String, String> nodes() {
        Map<String, String> nodes = new LinkedHashMap<>();
        for (Member m : hazelcast.getCluster().getMembers()) {
            String name = m.getAttribute(NODE_ATTRIBUTE);
            if (name != null) nodes.put(name, m.getAddress().getHost() + ":" + m.getAddress().getPort());
        }
        return nodes;
    }

    /** Whether this member is the oldest, the one that cleans up after members that left. */
    boolean oldest() {
        return hazelcast.getCluster().getMembers().iterator().next().localMember();
    }
}
