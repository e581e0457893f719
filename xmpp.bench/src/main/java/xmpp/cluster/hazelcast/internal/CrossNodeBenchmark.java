package xmpp.cluster.hazelcast.internal;

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
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

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

    private BenchCluster cluster;
    private Jid romeo;
    private Jid here;
    private Jid there;
    private Element toHere;
    private Element toThere;
    private final BlockingQueue<Element> delivered = new LinkedBlockingQueue<>();

    @Setup
    public void setUp() throws Exception {
        cluster = new BenchCluster();
        romeo = Jid.of("romeo@localhost/orchard");
        here = Jid.of("juliet@localhost/garden");
        there = Jid.of("nurse@localhost/kitchen");
        cluster.a.router().bind(new QueuedSession(here, delivered));
        cluster.b.router().bind(new QueuedSession(there, delivered));
        toHere = XmlStreams.parseElement("<message from='romeo@localhost/orchard' to='juliet@localhost/garden' type='chat'><body>hi</body></message>");
        toThere = XmlStreams.parseElement("<message from='romeo@localhost/orchard' to='nurse@localhost/kitchen' type='chat'><body>hi</body></message>");
    }

    @TearDown
    public void tearDown() {
        cluster.close();
    }

    @Benchmark
    public Element sameNode() throws InterruptedException {
        cluster.a.router().route(romeo, here, toHere);
        return delivered.take();
    }

    @Benchmark
    public Element crossNode() throws InterruptedException {
        cluster.a.router().route(romeo, there, toThere);
        return delivered.take();
    }
}
