package xmpp.c2s.internal;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where idle connections wait for their client's next bytes without a thread of their own: one
 * selector and one platform thread per listener. A parked virtual thread keeps its stack (some
 * 2.5 to 4 KB with the reader's frames) for as long as its client is silent; a socket watched
 * here costs a selection key.
 *
 * <p>{@link #watch} turns the channel non-blocking and registers it; when bytes (or the end) come,
 * or when {@link Watch#wake()} is called (a close, a write that found the socket's buffer full),
 * the key is cancelled and deregistered, so that the channel can block again, and the watch's
 * action runs once, on this thread: it starts the connection's new reading thread.
 */
final class IdleReaders implements AutoCloseable {

    private static final System.Logger log = System.getLogger(IdleReaders.class.getName());

    private final Selector selector;
    private final Queue<Watch> woken = new ConcurrentLinkedQueue<>();
    private final AtomicInteger watched = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closed;

    IdleReaders(String name) throws IOException {
        selector = Selector.open();
        thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
    }

    /**
     * Watches {@code channel}, a blocking one, until it is readable; then runs {@code readable}
     * once. Null when this has been closed: the caller reads on its own thread as before.
     *
     * @throws IOException when the channel is closed (the connection is over)
     */
    Watch watch(SocketChannel channel, Runnable readable) throws IOException {
        if (closed) return null;
        Watch w = new Watch(readable);
        channel.configureBlocking(false);
        try {
            w.key = channel.register(selector, SelectionKey.OP_READ, w);
        } catch (ClosedSelectorException e) {
            channel.configureBlocking(true);
            return null;
        }
        watched.incrementAndGet();
        selector.wakeup();   // a select() under way watches only the keys it started with
        return w;
    }

    private void loop() {
        try {
            while (!closed) {
                List<Watch> ready = new ArrayList<>();
                selector.select(key -> take(key, ready));
                takeWoken(ready);
                resumeOnceDeregistered(ready);
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) log.log(System.Logger.Level.ERROR, "the selector of idle client connections failed; idle connections keep a "
                    + "reading thread from now on (more memory per session, nothing lost)", e);
        }
        closed = true;
        wakeAll();
    }

    /**
     * A cancelled key leaves the selector at its next selection: only then can the channel block
     * again. Each pass deregisters the previous one's keys, and may find more ready.
     */
    private void resumeOnceDeregistered(List<Watch> ready) throws IOException {
        while (!ready.isEmpty()) {
            List<Watch> next = new ArrayList<>();
            selector.selectNow(key -> take(key, next));
            takeWoken(next);
            for (Watch w : ready) resume(w);
            ready = next;
        }
    }

    private void takeWoken(List<Watch> into) {
        for (Watch w = woken.poll(); w != null; w = woken.poll()) claim(w, w.key, into);
    }

    /** The key itself, not the watch's field: a selection may find it before register() has returned. */
    private void take(SelectionKey key, List<Watch> into) {
        claim((Watch) key.attachment(), key, into);
    }

    private void claim(Watch w, SelectionKey key, List<Watch> into) {
        if (!w.claimed.compareAndSet(false, true)) return;
        watched.decrementAndGet();
        key.cancel();
        into.add(w);
    }

    /** The selector is gone: its keys with it, so every watched channel can block again; their readers run once more. */
    private void wakeAll() {
        List<Watch> rest = new ArrayList<>();
        try {
            for (SelectionKey key : selector.keys()) take(key, rest);
        } catch (ClosedSelectorException e) {
            // closed by an earlier call: its watches were resumed then
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "closing the idle connections'' selector: {0}", e.getMessage());
        }
        takeWoken(rest);
        for (Watch w : rest) resume(w);
    }

    private static void resume(Watch w) {
        try {
            w.readable.run();
        } catch (RuntimeException e) {   // one connection's failure must not end the watch of all the others
            log.log(System.Logger.Level.ERROR, "bug resuming an idle client connection; the others are still watched", e);
        }
    }

    /** Connections waiting here, without a reading thread. */
    int watched() {
        return watched.get();
    }

    /** Stops watching; connections still watched run their action (the listener has closed them by then). */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One idle connection's registration: its action runs once, at readiness or at {@link #wake()}, whichever comes first. */
    final class Watch {
        private final Runnable readable;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private SelectionKey key;   // set before watch() returns it, so before anyone can wake it

        private Watch(Runnable readable) {
            this.readable = readable;
        }

        /** Runs the action soon, as if bytes had come: after a close, or for a writer that needs the channel to block again. */
        void wake() {
            if (claimed.get()) return;
            woken.add(this);
            selector.wakeup();
            if (closed) wakeAll();   // nobody selects any more
        }
    }
}
