package xmpp.cluster.hazelcast.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** What a slow receiver does to the thread that hands frames over: nothing but a refusal when full. */
class SenderLanesTest {

    @Test
    void workRunsOffTheCallersThreadInTheSendersOrder() throws Exception {
        BlockingQueue<String> done = new LinkedBlockingQueue<>();
        CountDownLatch slowStore = new CountDownLatch(1);
        try (SenderLanes lanes = new SenderLanes(10)) {
            Thread caller = Thread.currentThread();
            assertTrue(lanes.offer("b", () -> {
                await(slowStore);
                done.add("1 " + (Thread.currentThread() != caller));
            }));
            // The first is still blocked in its store: the caller goes on regardless.
            assertTrue(lanes.offer("b", () -> done.add("2")));
            assertTrue(lanes.offer("b", () -> done.add("3")));
            slowStore.countDown();
            assertEquals(List.of("1 true", "2", "3"), List.of(done.take(), done.take(), done.take()));
        }
    }

    @Test
    void aFullLaneRefusesAndOtherSendersAreNotHeldUp() throws Exception {
        CountDownLatch slowStore = new CountDownLatch(1);
        CountDownLatch other = new CountDownLatch(1);
        try (SenderLanes lanes = new SenderLanes(2)) {
            CountDownLatch started = new CountDownLatch(1);
            assertTrue(lanes.offer("b", () -> { started.countDown(); await(slowStore); }));
            await(started);
            assertTrue(lanes.offer("b", () -> { }));
            assertTrue(lanes.offer("b", () -> { }));
            assertFalse(lanes.offer("b", () -> { }), "the lane holds two waiting frames at most");
            assertTrue(lanes.offer("c", other::countDown));
            await(other);   // c's frame ran while b's lane is stuck
            slowStore.countDown();
        }
    }

    @Test
    void eachSenderHasItsOwnThread() throws Exception {
        BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        CountDownLatch hold = new CountDownLatch(1);
        try (SenderLanes lanes = new SenderLanes(4)) {
            lanes.offer("b", () -> { threads.add(Thread.currentThread()); await(hold); });
            lanes.offer("c", () -> { threads.add(Thread.currentThread()); await(hold); });
            assertNotSame(threads.take(), threads.take());
            hold.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
