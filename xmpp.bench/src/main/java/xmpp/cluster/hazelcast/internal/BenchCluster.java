package xmpp.cluster.hazelcast.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.util.List;
import xmpp.router.internal.HookRunner;
import xmpp.router.internal.IqDispatcher;
import xmpp.router.internal.ServerConfigs;
import xmpp.router.internal.SessionListeners;
import xmpp.router.internal.XmppRouter;

/**
 * Two Hazelcast members in this JVM on loopback, {@code a} and {@code b}, each with the real router
 * on the cluster's tables and topic link: the cluster the cluster benchmarks route through.
 */
final class BenchCluster implements AutoCloseable {

    /** One node: its member, the router on the cluster's tables, and its link to the other. */
    record Node(HazelcastMember member, XmppRouter router, TopicNodeLink link) {
        static Node start(String name, int port, List<String> members) {
            HazelcastMember member = BenchCluster.member(name, port, members);
            XmppRouter router = new XmppRouter(ServerConfigs.onNode(name, "localhost"), new IqDispatcher(ServerConfigs.of("localhost")),
                    new HookRunner(), new SessionListeners(), new HazelcastRouteTable(member), new HazelcastSessionTable(member));
            TopicNodeLink link = new TopicNodeLink(member, router, router);
            router.setNodeLink(link);
            return new Node(member, router, link);
        }

        void stop() {
            link.deactivate();
            member.deactivate();
        }
    }

    final Node a;
    final Node b;

    BenchCluster() throws IOException {
        int portA = freePort();
        int portB = freePort();
        List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
        a = Node.start("a", portA, members);
        b = Node.start("b", portB, members);
    }

    @Override
    public void close() {
        b.stop();
        a.stop();
    }

    /** A member named {@code name} of the benchmark's cluster, on loopback {@code port}, joining {@code members}. */
    static HazelcastMember member(String name, int port, List<String> members) {
        return new HazelcastMember(name, HazelcastMember.config(config(port, members), name));
    }

    private static ClusterConfig config(int port, List<String> members) {
        return new ClusterConfig() {
            @Override public Class<? extends Annotation> annotationType() { return ClusterConfig.class; }
            @Override public String name() { return "bench-" + ProcessHandle.current().pid(); }
            @Override public String[] members() { return members.toArray(String[]::new); }
            @Override public String address() { return "127.0.0.1"; }
            @Override public int port() { return port; }
            @Override public boolean public_allowed() { return false; }
            @Override public int member_timeout_s() { return 10; }
        };
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
