package xmpp.bench.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Runs tasks 0..count-1 on a fixed number of virtual threads; the first failure stops the rest and is thrown. */
final class Workers {

    interface Task {
        void run(int i) throws Exception;
    }

    private Workers() {
    }

    static void forEach(int count, int workers, Task task) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < Math.min(workers, count); w++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i; failure.get() == null && (i = next.getAndIncrement()) < count; ) {
                    try {
                        task.run(i);
                    } catch (Exception e) {
                        failure.compareAndSet(null, new Exception("task " + i + ": " + e.getMessage(), e));
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (failure.get() != null) throw failure.get();
    }
}
