package xmpp.shell.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Gives the heap that a burst of load grew back to the system once the server is quiet again.
 * The serial collector (etc/jvm.options) shrinks the heap only at a full collection, and a quiet
 * server has none: without this, a server that once held 2,000 sessions keeps their heap for good.
 * Once a period it asks for a full collection, if the heap has grown since the last one it asked
 * for and no collection at all ran during the period (the server allocates little: it is quiet,
 * so the pause costs no one). A busy server collects young garbage all the time and is never
 * interrupted. The period is the system property {@value #PERIOD_PROPERTY} in etc/jvm.options
 * (seconds; 0 turns this off).
 */
@Component(immediate = true)
public final class IdleHeapCollector {

    private static final System.Logger log = System.getLogger(IdleHeapCollector.class.getName());
    static final String PERIOD_PROPERTY = "xmpp.heap.idle.collect.seconds";
    private static final long DEFAULT_SECONDS = 10;

    private final Thread ticker;

    @Activate
    public IdleHeapCollector(BundleContext context) {
        Duration period = period(context.getProperty(PERIOD_PROPERTY));
        ticker = period.isZero() ? null : Thread.ofVirtual().name("xmpp-idle-heap-collector").start(() -> run(period));
    }

    private static Duration period(String configured) {
        if (configured == null || configured.isBlank()) return Duration.ofSeconds(DEFAULT_SECONDS);
        try {
            long seconds = Long.parseLong(configured.strip());
            if (seconds >= 0) return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            // reported below
        }
        log.log(System.Logger.Level.WARNING, "-D{0}={1} in etc/jvm.options is no number of seconds (0 turns it off); using {2}",
                PERIOD_PROPERTY, configured, DEFAULT_SECONDS);
        return Duration.ofSeconds(DEFAULT_SECONDS);
    }

    private static void run(Duration period) {
        Decision decision = new Decision(collections(), heapCommitted());
        try {
            while (true) {
                Thread.sleep(period);
                if (!decision.collectNow(collections(), heapCommitted())) continue;
                long before = heapCommitted();
                System.gc();
                decision.collected(collections(), heapCommitted());
                log.log(System.Logger.Level.DEBUG, "quiet for {0} s: heap {1} MiB committed before a full collection, {2} MiB after",
                        period.toSeconds(), before >> 20, heapCommitted() >> 20);
            }
        } catch (InterruptedException e) {
            // deactivated
        }
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, gc.getCollectionCount());
        return n;
    }

    private static long heapCommitted() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
    }

    @Deactivate
    void stop() {
        if (ticker != null) ticker.interrupt();
    }

    /** Whether to collect now, from the collectors' count and the committed heap, once a period. */
    static final class Decision {
        private long collectionsBefore;   // at the previous period's end
        private long committedAfterLast;  // the smallest heap since the last collection asked for (or since the start)

        Decision(long collections, long committed) {
            collectionsBefore = collections;
            committedAfterLast = committed;
        }

        /** A period has passed: collect if none ran during it and the heap has grown since the last one asked for. */
        boolean collectNow(long collections, long committed) {
            boolean quiet = collections == collectionsBefore;
            collectionsBefore = collections;
            if (committed < committedAfterLast) committedAfterLast = committed;   // the collector shrank it by itself
            return quiet && committed > committedAfterLast;
        }

        /** The collection asked for has run: what it left is the new baseline. */
        void collected(long collections, long committed) {
            collectionsBefore = collections;
            committedAfterLast = committed;
        }
    }
}
