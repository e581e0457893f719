package xmpp.itest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches this JVM for a thread blocked on one of Smack's objects for three seconds in a row, and
 * writes every thread's stack to {@code blocked-<n>.txt} when it finds one: how a deadlock inside
 * the client (a listener waiting for a monitor that the test thread holds while it waits for a
 * stanza the blocked reader cannot read) is told from a server that did not answer, where traffic
 * alone looks the same.
 */
final class BlockedThreads implements AutoCloseable {

    private static final System.Logger log = System.getLogger(BlockedThreads.class.getName());
    private static final int SECONDS_BLOCKED = 3;
    /** Enough to show a race's every occurrence in a repeated run, bounded so a stuck run cannot fill the disk. */
    private static final int MAX_DUMPS = 100;

    private final Path dir;
    private final Thread watcher;
    private final Map<Long, Integer> secondsBlocked = new HashMap<>();
    private int dumps;

    BlockedThreads(Path dir) {
        this.dir = dir;
        watcher = new Thread(this::watch, "smack-blocked-threads");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** How many dumps were written. */
    synchronized int dumps() {
        return dumps;
    }

    @Override
    public void close() throws InterruptedException {
        watcher.interrupt();
        watcher.join();
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1000);
                sample(ManagementFactory.getThreadMXBean().dumpAllThreads(true, true));
            }
        } catch (InterruptedException stopped) {
            // close() ends the watch.
        } catch (IOException e) {
            log.log(System.Logger.Level.WARNING, "cannot write a blocked-threads dump to " + dir + ", watching no more: " + e);
        }
    }

    private synchronized void sample(ThreadInfo[] threads) throws IOException {
        Map<Long, Integer> now = new HashMap<>();
        boolean stuck = false;
        for (ThreadInfo t : threads) {
            // Smack's reactor threads take turns on the NIO selector's monitor all the time: only Smack's own objects count.
            if (t.getThreadState() != Thread.State.BLOCKED || t.getLockName() == null || !t.getLockName().startsWith("org.jivesoftware.")) continue;
            int seconds = secondsBlocked.getOrDefault(t.getThreadId(), 0) + 1;
            now.put(t.getThreadId(), seconds);
            stuck |= seconds == SECONDS_BLOCKED;
        }
        secondsBlocked.clear();
        secondsBlocked.putAll(now);
        if (stuck && dumps < MAX_DUMPS) Files.writeString(dir.resolve("blocked-" + ++dumps + ".txt"), describe(threads));
    }

    private static String describe(ThreadInfo[] threads) {
        StringBuilder text = new StringBuilder(Instant.now() + "\n\n");
        for (ThreadInfo t : threads) {
            text.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
            if (t.getLockName() != null) text.append(" on ").append(t.getLockName());
            if (t.getLockOwnerName() != null) text.append(" held by \"").append(t.getLockOwnerName()).append('"');
            text.append('\n');
            // ThreadInfo.toString() stops after eight frames; the test's own line is further down.
            for (StackTraceElement frame : t.getStackTrace()) text.append("\tat ").append(frame).append('\n');
            text.append('\n');
        }
        return text.toString();
    }
}
