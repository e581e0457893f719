package xmpp.c2s.internal;

import java.lang.management.ManagementFactory;

/** Heap measurements for tests of what the server keeps, never of how fast it is. */
final class Heap {

    private Heap() {
    }

    /** Bytes of heap in use after full collections (System.gc() is a full GC on HotSpot's collectors). */
    static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
