package xmpp.cluster.hazelcast.internal;

import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;
import xmpp.router.internal.HookRunner;
import xmpp.router.internal.IqDispatcher;
import xmpp.router.internal.ServerConfigs;
import xmpp.router.internal.SessionListeners;
import xmpp.router.internal.XmppRouter;

/**
 * A message from a session on node a to a session on the same node ({@code sameNode}) and on node
 * b ({@code crossNode}), both nodes Hazelcast members in this JVM over loopback with the real
 * router on the cluster's tables: the time from routing to delivery, one message at a time. The
 * same-node one finds its session in node a's own index; the cross-node one reads the shared
 * session table (a Hazelcast map) and goes through node b's topic. Read the two as a ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class CrossNodeBenchmark {

    private Node a;
    private Node b;
    private Jid romeo;
    private Jid here;
    private Jid there;
    private Element toHere;
    private Element toThere;
    // Unbounded: on the same node the router delivers on the benchmark's own thread, before it takes.
    private final BlockingQueue<Element> delivered = new LinkedBlockingQueue<>();

    /** A session that queues each stanza for the benchmark thread, which waits for it. */
    private final class Handing implements Session {
        private final Jid jid;

        Handing(Jid jid) {
            this.jid = jid;
        }

        @Override public Jid jid() { return jid; }
        @Override public void close(StreamError error) { }

        @Override
        public void deliver(Element stanza) {
            delivered.add(stanza);
        }
    }

    private record Node(HazelcastMember member, XmppRouter router, TopicNodeLink link) {
        static Node start(String name, int port, List<String> members) {
            HazelcastMember member = new HazelcastMember(name, HazelcastMember.config(config(port, members), name));
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

    @Setup
    public void setUp() throws Exception {
        int portA = freePort();
        int portB = freePort();
        List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
        a = Node.start("a", portA, members);
        b = Node.start("b", portB, members);
        romeo = Jid.of("romeo@localhost/orchard");
        here = Jid.of("juliet@localhost/garden");
        there = Jid.of("nurse@localhost/kitchen");
        a.router().bind(new Handing(here));
        b.router().bind(new Handing(there));
        toHere = XmlStreams.parseElement("<message from='romeo@localhost/orchard' to='juliet@localhost/garden' type='chat'><body>hi</body></message>");
        toThere = XmlStreams.parseElement("<message from='romeo@localhost/orchard' to='nurse@localhost/kitchen' type='chat'><body>hi</body></message>");
    }

    @TearDown
    public void tearDown() {
        b.stop();
        a.stop();
    }

    @Benchmark
    public Element sameNode() throws InterruptedException {
        a.router().route(romeo, here, toHere);
        return delivered.take();
    }

    @Benchmark
    public Element crossNode() throws InterruptedException {
        a.router().route(romeo, there, toThere);
        return delivered.take();
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

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
