package xmpp.c2s.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Lets the virtual threads that wait go first, those waiting outside this carrier's own queue
 * included. {@link Thread#yield()} does not: a virtual thread that yields goes back on its
 * carrier's local queue whenever that queue holds anything, and a carrier runs its local queue
 * dry before it looks at the shared queues, where a newly started thread (the writer started for
 * a burst of stanzas) waits. Under a flood the socket pollers keep refilling the local queues
 * with the readers they wake, so those writers did not run at all: their clients read nothing
 * for seconds while the queues grew. A timed park comes back through the pool's timer, which
 * queues the thread in a shared queue, behind what already waits there.
 */
final class CarrierYield {

    private CarrierYield() {
    }

    /** Steps aside for the shortest timed park; a pending unpark makes it return at once, and the next call steps aside. */
    static void stepAside() {
        LockSupport.parkNanos(1);
    }
}
