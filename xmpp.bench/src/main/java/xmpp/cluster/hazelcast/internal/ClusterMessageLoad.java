package xmpp.cluster.hazelcast.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import xmpp.c2s.internal.RawClient;
import xmpp.c2s.internal.TestServer;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * What a client sees of a cluster: two nodes in this JVM (two Hazelcast members on loopback, each
 * a whole server with its router on the cluster's tables and topic link, and a client listener),
 * and real clients over TCP with STARTTLS, as {@code MessageLoad} logs them in. Pairs talk with
 * one chat message in flight each, timed from the sender's write to the correspondent's read:
 * first with both sides of every pair on node a, then with each correspondent on node b. Prints
 * messages/s and the latency's p50 and p99 of both, and their ratio; exits non-zero unless every
 * message arrived exactly once. Loopback only; stops by itself.
 *
 * <p>{@code java -cp xmpp.bench/target/benchmarks.jar xmpp.cluster.hazelcast.internal.ClusterMessageLoad [pairs] [seconds]},
 * defaults 20 and 10 (per placement).
 */
public final class ClusterMessageLoad {

    /** How long a correspondent may take to read a message before the run counts it lost. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private record Result(String placement, long messages, double seconds, long[] latenciesNanos, long lost, long duplicated) {

        double perSecond() {
            return messages / seconds;
        }

        double percentileMicros(double p) {
            if (latenciesNanos.length == 0) return Double.NaN;
            return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, Math.floor(p * latenciesNanos.length))] / 1e3;
        }
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        // The servers log each login at INFO, Hazelcast its membership: here that would bury the result.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        for (var h : java.util.logging.Logger.getLogger("").getHandlers()) h.setLevel(java.util.logging.Level.WARNING);
        System.exit(run(pairs, Duration.ofSeconds(seconds)) ? 0 : 1);
    }

    static boolean run(int pairs, Duration duration) throws Exception {
        int portA = BenchCluster.freePort();
        int portB = BenchCluster.freePort();
        List<String> members = List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB);
        HazelcastMember memberA = BenchCluster.member("a", portA, members);
        HazelcastMember memberB = BenchCluster.member("b", portB, members);
        try (TestServer a = node(memberA); TestServer b = node(memberB)) {
            int portOfA = a.listen(TestServer.forLoad()).port();   // STARTTLS, as MessageLoad
            int portOfB = b.listen(TestServer.forLoad()).port();
            Result same = measure("sameNode", pairs, duration, a, portOfA, a, portOfA);
            Result cross = measure("crossNode", pairs, duration, a, portOfA, b, portOfB);
            System.out.printf("%d pairs over STARTTLS, one message in flight each, %d s per placement%n", pairs, duration.toSeconds());
            for (Result r : List.of(same, cross))
                System.out.printf("%-9s %8.0f messages/s  p50 %8.0f µs  p99 %8.0f µs  (%d messages, lost %d, duplicated %d)%n",
                        r.placement(), r.perSecond(), r.percentileMicros(0.50), r.percentileMicros(0.99), r.messages(), r.lost(), r.duplicated());
            System.out.printf("crossNode / sameNode: throughput %.2f×, p50 %.2f×, p99 %.2f×%n", cross.perSecond() / same.perSecond(),
                    cross.percentileMicros(0.50) / same.percentileMicros(0.50), cross.percentileMicros(0.99) / same.percentileMicros(0.99));
            return same.lost() == 0 && same.duplicated() == 0 && cross.lost() == 0 && cross.duplicated() == 0;
        } finally {
            memberB.deactivate();
            memberA.deactivate();
        }
    }

    /** A whole server on {@code member}'s tables, linked to the other node. */
    private static TestServer node(HazelcastMember member) throws Exception {
        TestServer server = TestServer.onClusterNode(member.node(), new HazelcastRouteTable(member), new HazelcastSessionTable(member));
        server.router.setNodeLink(new TopicNodeLink(member, server.router, server.router));
        return server;
    }

    private static Result measure(String placement, int pairs, Duration duration, TestServer senderNode, int senderPort,
                                  TestServer correspondentNode, int correspondentPort) throws Exception {
        List<RawClient> clients = new ArrayList<>();
        Map<String, Integer> received = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        Queue<long[]> latencies = new ConcurrentLinkedQueue<>();
        long[] sent = new long[pairs];
        try {
            List<RawClient> senders = new ArrayList<>();
            List<BlockingQueue<String>> arrivals = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                String from = placement + "-s" + i;
                String to = placement + "-c" + i;
                // Each node here has a store of its own (a cluster shares one): the accounts go into both.
                for (TestServer node : Stream.of(senderNode, correspondentNode).distinct().toList()) {
                    node.users.create(Jid.of(from + "@localhost"), "pw");
                    node.users.create(Jid.of(to + "@localhost"), "pw");
                }
                RawClient sender = RawClient.loggedIn(senderPort, senderNode, from, "pw", "r");
                RawClient correspondent = RawClient.loggedIn(correspondentPort, correspondentNode, to, "pw", "r");
                clients.add(sender);
                clients.add(correspondent);
                senders.add(sender);
                BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
                arrivals.add(arrived);
                threads.add(Thread.ofVirtual().start(() -> read(correspondent, received, arrived)));
            }
            long deadline = System.nanoTime() + duration.toNanos();
            List<Thread> talkers = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                int pair = i;
                talkers.add(Thread.ofVirtual().start(() -> latencies.add(talk(placement, pair, senders.get(pair), arrivals.get(pair), deadline, sent))));
            }
            for (Thread t : talkers) t.join();
            double seconds = (System.nanoTime() - start) / 1e9;
            long total = Arrays.stream(sent).sum();
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            long duplicated = received.values().stream().filter(n -> n > 1).count();
            return new Result(placement, total, seconds, all, total - received.size(), duplicated);
        } finally {
            for (RawClient c : clients) c.close();
            for (Thread t : threads) t.join(1000);
        }
    }

    /** One pair's sender: a message, then the next once the correspondent read it; the latencies in nanoseconds. */
    private static long[] talk(String placement, int pair, RawClient sender, BlockingQueue<String> arrived, long deadline, long[] sent) {
        long[] latencies = new long[1024];
        int n = 0;
        String to = placement + "-c" + pair + "@localhost/r";
        try {
            for (int seq = 0; System.nanoTime() < deadline; seq++) {
                String id = "m-" + pair + "-" + seq;
                long before = System.nanoTime();
                sender.send("<message type='chat' id='" + id + "' to='" + to + "'><body>hello " + seq + "</body></message>");
                sent[pair]++;
                String got = arrived.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                if (!id.equals(got)) {
                    System.err.println("pair " + pair + " (" + placement + "): expected " + id + ", got " + (got == null ? "nothing within " + PATIENCE.toSeconds() + " s" : got));
                    break;
                }
                if (n == latencies.length) latencies = Arrays.copyOf(latencies, 2 * n);
                latencies[n++] = System.nanoTime() - before;
            }
        } catch (Exception e) {
            System.err.println("sender of pair " + pair + " (" + placement + ") failed: " + e);
        }
        return Arrays.copyOf(latencies, n);
    }

    private static void read(RawClient correspondent, Map<String, Integer> received, BlockingQueue<String> arrived) {
        try {
            while (true) {
                Element e = correspondent.next();
                if (!e.name().equals("message") || !e.attr("id").startsWith("m-")) continue;
                received.merge(e.attr("id"), 1, Integer::sum);
                arrived.add(e.attr("id"));
            }
        } catch (Exception | AssertionError ended) {
            // the client was closed at the end of the run, or its stream broke: the sender sees nothing more arrive
        }
    }
}
