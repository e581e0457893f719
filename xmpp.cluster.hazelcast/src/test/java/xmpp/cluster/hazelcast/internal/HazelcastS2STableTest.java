package xmpp.cluster.hazelcast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static xmpp.cluster.hazelcast.internal.TwoNodeClusterTest.await;
import static xmpp.cluster.hazelcast.internal.TwoNodeClusterTest.config;
import static xmpp.cluster.hazelcast.internal.TwoNodeClusterTest.freePort;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two, then three Hazelcast members on loopback claiming the streams to remote domains. */
class HazelcastS2STableTest {

    @Test
    void theFirstNodeToClaimHoldsTheStreamUntilItReleasesItOrLeavesTheCluster() throws Exception {
        int pa = freePort();
        int pb = freePort();
        int pc = freePort();
        List<String> members = List.of("127.0.0.1:" + pa, "127.0.0.1:" + pb, "127.0.0.1:" + pc);
        HazelcastMember a = new HazelcastMember("a", HazelcastMember.config(config(pa, members), "a"));
        HazelcastMember b = new HazelcastMember("b", HazelcastMember.config(config(pb, members), "b"));
        HazelcastMember c = new HazelcastMember("c", HazelcastMember.config(config(pc, members), "c"));
        try {
            await(() -> a.nodes().size() == 3 && b.nodes().size() == 3, "the three members see each other");
            HazelcastS2STable onA = new HazelcastS2STable(a);
            HazelcastS2STable onB = new HazelcastS2STable(b);
            HazelcastS2STable onC = new HazelcastS2STable(c);

            assertEquals(Optional.empty(), onB.claim("localhost", "remote.example"), "b is first");
            assertEquals(Optional.of("b"), onA.claim("localhost", "remote.example"));
            assertEquals(Optional.empty(), onB.claim("localhost", "remote.example"), "b's again, as long as it holds it");
            onA.release("localhost", "remote.example");   // not a's to release
            assertEquals(Optional.of("b"), onC.claim("localhost", "remote.example"));
            onB.release("localhost", "remote.example");
            assertEquals(Optional.empty(), onC.claim("localhost", "remote.example"), "released: the next node to need it claims it");
            assertEquals(Optional.empty(), onB.claim("localhost", "other.example"));

            c.deactivate();   // c holds localhost -> remote.example
            await(() -> a.nodes().keySet().equals(Set.of("a", "b")), "c left");
            assertEquals(Optional.empty(), onA.claim("localhost", "remote.example"), "c's claim taken over by the next node that needs the stream");
            assertEquals(Map.of("localhost remote.example", "a", "localhost other.example", "b"), onA.all());

            onB.removeOthersThan(Set.of("a"));   // the sweep after b left, as the oldest member runs it
            assertEquals(Map.of("localhost remote.example", "a"), onA.all());
        } finally {
            for (HazelcastMember m : List.of(c, b, a)) if (m.hazelcast().getLifecycleService().isRunning()) m.deactivate();
        }
    }
}
