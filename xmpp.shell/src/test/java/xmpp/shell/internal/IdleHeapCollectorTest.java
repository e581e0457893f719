package xmpp.shell.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdleHeapCollectorTest {

    private static final long MIB = 1 << 20;

    @Test
    void aHeapThatABurstGrewIsCollectedOnceTheServerIsQuiet() {
        var decision = new IdleHeapCollector.Decision(10, 30 * MIB);
        assertFalse(decision.collectNow(50, 120 * MIB), "collections ran in the period: busy, not interrupted");
        assertFalse(decision.collectNow(90, 160 * MIB), "still busy");
        assertTrue(decision.collectNow(90, 160 * MIB), "no collection in a whole period and a grown heap: give it back");
        decision.collected(91, 40 * MIB);
        assertFalse(decision.collectNow(91, 40 * MIB), "quiet, but nothing grew since: no collection every period");
        assertFalse(decision.collectNow(91, 40 * MIB));
    }

    @Test
    void aQuietServerWhoseHeapNeverGrewIsLeftAlone() {
        var decision = new IdleHeapCollector.Decision(5, 30 * MIB);
        assertFalse(decision.collectNow(5, 30 * MIB));
        assertFalse(decision.collectNow(6, 30 * MIB));
        assertFalse(decision.collectNow(6, 30 * MIB));
    }

    @Test
    void growthIsCountedFromTheSmallestHeapSinceTheLastCollection() {
        var decision = new IdleHeapCollector.Decision(0, 60 * MIB);
        assertFalse(decision.collectNow(3, 30 * MIB), "a full collection of the collector's own shrank it");
        assertFalse(decision.collectNow(7, 50 * MIB), "grown again, under load");
        assertTrue(decision.collectNow(7, 50 * MIB), "then quiet: 50 MiB is more than the 30 it needed");
    }
}
