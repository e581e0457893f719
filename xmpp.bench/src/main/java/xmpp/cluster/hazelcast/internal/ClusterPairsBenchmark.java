package xmpp.cluster.hazelcast.internal;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;
import xmpp.core.jid.Jid;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/**
 * Pairs talking at once through a two-node cluster (two Hazelcast members in this JVM over
 * loopback, the real router on the cluster's tables and topic link): each JMH thread is one pair,
 * a sender on node a and its correspondent on node a ({@code placement=sameNode}) or on node b
 * ({@code crossNode}), with one message in flight per pair, timed from routing to delivery. The
 * throughput mode gives messages per microsecond over all pairs, the sample mode the latency's
 * percentiles in microseconds (p99); read cross-node against same-node as ratios. {@code -t} sets the pairs.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(4)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class ClusterPairsBenchmark {

    @Param({"sameNode", "crossNode"})
    public String placement;

    private BenchCluster cluster;

    @Setup(Level.Trial)
    public void startCluster() throws Exception {
        cluster = new BenchCluster();
    }

    @TearDown(Level.Trial)
    public void stopCluster() {
        cluster.close();
    }

    /** One pair: the sender on node a, its correspondent's session where the placement puts it. */
    @State(Scope.Thread)
    public static class Pair {
        BenchCluster.Node from;
        Jid sender;
        Jid correspondent;
        Element message;
        final BlockingQueue<Element> delivered = new LinkedBlockingQueue<>();

        @Setup(Level.Trial)
        public void bind(ClusterPairsBenchmark bench, ThreadParams thread) throws Exception {
            int n = thread.getThreadIndex();
            from = bench.cluster.a;
            sender = Jid.of("romeo" + n + "@localhost/orchard");
            correspondent = Jid.of("juliet" + n + "@localhost/balcony");
            BenchCluster.Node to = bench.placement.equals("sameNode") ? bench.cluster.a : bench.cluster.b;
            to.router().bind(new QueuedSession(correspondent, delivered));
            message = XmlStreams.parseElement("<message from='" + sender + "' to='" + correspondent + "' type='chat'><body>hi</body></message>");
        }
    }

    @Benchmark
    public Element message(Pair pair) throws InterruptedException {
        pair.from.router().route(pair.sender, pair.correspondent, pair.message);
        return pair.delivered.take();
    }
}
