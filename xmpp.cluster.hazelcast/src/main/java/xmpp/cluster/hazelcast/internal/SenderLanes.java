package xmpp.cluster.hazelcast.internal;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One bounded queue per sender, each drained in order by one virtual thread, so that what a
 * sender's frames cost here (a slow offline store) never holds up the thread that hands them over
 * (Hazelcast's event thread) nor another sender. A lane's thread ends after a quiet while, so a
 * node that left costs nothing.
 */
final class SenderLanes implements AutoCloseable {

    private static final long IDLE_SECONDS = 30;

    private final int capacity;
    private final ThreadFactory threads = Thread.ofVirtual().name("xmpp-cluster-inbound-", 0).factory();
    private final Map<Object, ThreadPoolExecutor> lanes = new ConcurrentHashMap<>();

    /** @param capacity how many frames of one sender may wait; more are refused */
    SenderLanes(int capacity) {
        this.capacity = capacity;
    }

    /** Queues {@code work} behind what {@code sender} sent before; false if that sender's lane is full or closed. */
    boolean offer(Object sender, Runnable work) {
        try {
            lanes.computeIfAbsent(sender, s -> newLane()).execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private ThreadPoolExecutor newLane() {
        ThreadPoolExecutor lane = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(capacity), threads);
        lane.allowCoreThreadTimeOut(true);
        return lane;
    }

    @Override
    public void close() {
        lanes.values().forEach(ThreadPoolExecutor::shutdown);
    }
}
