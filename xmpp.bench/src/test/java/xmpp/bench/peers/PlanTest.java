package xmpp.bench.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PlanTest {

    @Test
    void countsTheOpenFileLimitCannotHoldGiveWayToTheMostItCan() {
        assertArrayEquals(new int[] {1_000, 5_000, 10_000, 19_000}, Plan.named("full").limitedTo(19_000).idleSessions());
        assertArrayEquals(new int[] {1_000, 5_000, 10_000, 19_000}, Plan.named("full").limitedTo(19_500).idleSessions());
        assertArrayEquals(new int[] {1_000}, Plan.named("full").limitedTo(1_200).idleSessions());
        assertArrayEquals(new int[0], Plan.named("full").limitedTo(900).idleSessions());
    }

    @Test
    void aLimitHighEnoughLeavesThePlanAsItIs() {
        assertArrayEquals(new int[] {1_000, 5_000, 10_000, 50_000}, Plan.named("full").limitedTo(1_047_576).idleSessions());
    }
}
