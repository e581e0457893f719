package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A flood in miniature: on every carrier, readers that a poller wakes (as the socket pollers wake
 * a connection's reader when bytes come) and that step aside after each round; one of them starts
 * a writer meanwhile, as a stanza for an idle session does. The writer must run while the flood
 * goes on, not after it. Bounded by rounds of work, not by time.
 */
class CarrierYieldTest {

    private static final int READERS_PER_CARRIER = 3;
    private static final int WRITER_STARTS_AT = 1_000;
    private static final int ROUNDS = 50_000;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicInteger roundsWhenTheWriterRan = new AtomicInteger(-1);
    private final AtomicReference<Thread> writer = new AtomicReference<>();

    @Test
    void aThreadStartedDuringAFloodRunsBeforeTheFloodEnds() throws Exception {
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        List<Poller> pollers = new ArrayList<>();
        for (int c = 0; c < carriers; c++) pollers.add(new Poller());
        for (Poller p : pollers) p.start();
        for (Poller p : pollers) p.thread.join();
        for (Poller p : pollers) for (Reader r : p.readers) r.thread.join();
        writer.get().join();
        int ranAt = roundsWhenTheWriterRan.get();
        assertTrue(ranAt < ROUNDS, "the writer started at round " + WRITER_STARTS_AT + " ran only once the flood was over (round " + ranAt + ")");
    }

    /** As a socket poller: told when a reader waits, wakes it at once, as its socket always has bytes. */
    private final class Poller {
        final List<Reader> readers = new ArrayList<>();
        final Thread thread = Thread.ofVirtual().unstarted(this::poll);

        void start() {
            for (int r = 0; r < READERS_PER_CARRIER; r++) readers.add(new Reader(this));
            thread.start();
            for (Reader r : readers) r.thread.start();
        }

        void tell() {
            LockSupport.unpark(thread);
        }

        private void poll() {
            while (!stop.get()) {
                LockSupport.park();
                for (Reader r : readers) r.wake();
            }
            for (Reader r : readers) r.wake();
        }
    }

    private final class Reader {
        private final AtomicBoolean waiting = new AtomicBoolean();
        private final Poller poller;
        final Thread thread = Thread.ofVirtual().unstarted(this::read);

        Reader(Poller poller) {
            this.poller = poller;
        }

        void wake() {
            if (waiting.compareAndSet(true, false)) LockSupport.unpark(thread);
        }

        private void read() {
            while (!stop.get()) {
                waiting.set(true);
                poller.tell();
                while (waiting.get() && !stop.get()) LockSupport.park();   // for input, as on a socket
                int round = rounds.incrementAndGet();
                if (round == WRITER_STARTS_AT)
                    writer.set(Thread.ofVirtual().name("writer").start(() -> roundsWhenTheWriterRan.set(rounds.get())));
                if (round == ROUNDS) stop.set(true);
                CarrierYield.stepAside();
            }
            poller.tell();   // the poller wakes the others, which then see the end
        }
    }
}
