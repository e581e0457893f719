package xmpp.auth.external.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import xmpp.core.auth.AuthException;

/**
 * {@code instances} copies of the program, each serving one request at a time. A copy that died,
 * hung or spoke out of turn is replaced when it is next needed, so one bad request costs that
 * request alone.
 */
final class ProgramPool implements AutoCloseable {

    private static final System.Logger log = System.getLogger(ProgramPool.class.getName());

    private final List<String> command;
    private final Duration timeout;
    private final BlockingQueue<Slot> idle;
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicInteger restarts = new AtomicInteger();

    /** One place in the pool; its program is started on first use and after each failure. */
    private static final class Slot {
        ExternalProgram program;
        boolean failedBefore;
    }

    ProgramPool(List<String> command, int instances, Duration timeout) {
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.idle = new ArrayBlockingQueue<>(instances);
        for (int i = 0; i < instances; i++) idle.add(new Slot());
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("extauth-timeouts").factory());
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Asks one free instance; waits up to the timeout for one to be free. */
    boolean ask(String request, String what) throws AuthException {
        Slot slot;
        try {
            slot = idle.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthException(what + ": interrupted while waiting for the auth program");
        }
        if (slot == null) throw new AuthException(what + ": every instance of auth program " + command.getFirst() + " stayed busy for " + timeout.toMillis() + " ms");
        try {
            if (slot.program == null || !slot.program.alive()) {
                slot.program = start(slot.failedBefore || slot.program != null);
                slot.failedBefore = false;
            }
            return slot.program.ask(request, what, timeout, timer);
        } catch (AuthException e) {
            log.log(System.Logger.Level.ERROR, e.getMessage());
            if (slot.program != null) slot.program.stop();
            slot.program = null;
            slot.failedBefore = true;
            throw e;
        } finally {
            idle.add(slot);
        }
    }

    private ExternalProgram start(boolean restart) throws AuthException {
        try {
            ExternalProgram p = new ExternalProgram(command);
            if (restart) log.log(System.Logger.Level.WARNING, "auth program {0} restarted ({1} restarts so far)", command.getFirst(), restarts.incrementAndGet());
            return p;
        } catch (IOException e) {
            throw new AuthException("cannot start auth program " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    int restarts() {
        return restarts.get();
    }

    @Override
    public void close() {
        for (Slot s : idle) if (s.program != null) s.program.stop();
        timer.shutdownNow();
    }
}
