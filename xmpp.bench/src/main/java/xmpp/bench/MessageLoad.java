package xmpp.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import xmpp.c2s.internal.C2SListener;
import xmpp.c2s.internal.RawClient;
import xmpp.c2s.internal.TestServer;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;
import xmpp.router.internal.LoadArchive;

/**
 * N clients log in over STARTTLS and send each other chat messages for a bounded time; then
 * every message sent must have arrived exactly once. Prints the counts and the throughput, and
 * exits non-zero on any loss or duplicate. Loopback only; stops by itself.
 *
 * <p>{@code bin/load [sessions] [seconds] [messages per second per session] [mam]}, defaults 50 10 20;
 * {@code mam} puts the message archive's hooks on the server (XEP-0313, every message archived
 * for its sender and its recipient), to compare with a run without.
 */
public final class MessageLoad {

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        boolean archive = args.length > 3 && args[3].equals("mam");
        // The server logs each login at INFO; here that would bury the result.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        for (var h : java.util.logging.Logger.getLogger("").getHandlers()) h.setLevel(java.util.logging.Level.WARNING);
        System.exit(run(sessions, Duration.ofSeconds(seconds), rate, archive) ? 0 : 1);
    }

    static boolean run(int sessions, Duration duration, int ratePerSession, boolean withArchive) throws Exception {
        try (TestServer server = new TestServer();
             LoadArchive archive = withArchive ? LoadArchive.attach(server.router, server.folder) : null) {
            C2SListener listener = server.listen(TestServer.forLoad());
            for (int i = 0; i < sessions; i++) server.users.create(Jid.of("load" + i + "@localhost"), "pw");

            long loginStart = System.nanoTime();
            List<RawClient> clients = new ArrayList<>();
            for (int i = 0; i < sessions; i++) clients.add(RawClient.loggedIn(listener.port(), server, "load" + i, "pw", "r"));
            double loginSeconds = (System.nanoTime() - loginStart) / 1e9;

            Map<String, Integer> received = new ConcurrentHashMap<>();
            AtomicLong sent = new AtomicLong();
            AtomicLong toSelf = new AtomicLong();   // archived once, not twice
            List<Thread> readers = new ArrayList<>();
            AtomicBoolean closing = new AtomicBoolean();
            Map<String, Integer> readersEnded = new ConcurrentHashMap<>();   // why a reader stopped before the end, how many
            for (RawClient c : clients) {
                readers.add(Thread.ofVirtual().start(() -> {
                    try {
                        while (true) {
                            Element e = c.next();
                            if (e.name().equals("message") && e.attr("id").startsWith("m-")) received.merge(e.attr("id"), 1, Integer::sum);
                        }
                    } catch (Exception | AssertionError ended) {
                        // At the end the clients are closed; before it, what ends a reader leaves its messages unread.
                        if (!closing.get()) readersEnded.merge(ended.toString(), 1, Integer::sum);
                    }
                }));
            }
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int self = i;
                RawClient c = clients.get(i);
                senders.add(Thread.ofVirtual().start(() -> {
                    long interval = 1_000_000_000L / ratePerSession;
                    long next = System.nanoTime();
                    for (int seq = 0; System.nanoTime() < deadline; seq++) {
                        int peer = ThreadLocalRandom.current().nextInt(sessions);
                        try {
                            c.send("<message type='chat' id='m-" + self + "-" + seq + "' to='load" + peer + "@localhost/r'><body>hello " + seq + "</body></message>");
                            sent.incrementAndGet();
                            if (peer == self) toSelf.incrementAndGet();
                        } catch (Exception e) {
                            System.err.println("sender " + self + " failed: " + e);
                            return;
                        }
                        next += interval;
                        long wait = next - System.nanoTime();
                        if (wait > 0) sleepNanos(wait);
                    }
                }));
            }
            for (Thread t : senders) t.join();
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            long drainDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < sent.get() && System.nanoTime() < drainDeadline) sleepNanos(20_000_000);
            double allSeconds = (System.nanoTime() - start) / 1e9;
            long stillQueued = queuedInServer(server, sessions);
            closing.set(true);
            for (RawClient c : clients) c.close();
            for (Thread t : readers) t.join(1000);

            long duplicates = received.values().stream().filter(n -> n > 1).count();
            long lost = sent.get() - received.size();
            System.out.printf("sessions %d, logins in %.2f s (%.0f/s)%n", sessions, loginSeconds, sessions / loginSeconds);
            System.out.printf("sent %d in %.1f s, received %d distinct, lost %d, duplicated %d%n", sent.get(), sendSeconds, received.size(), lost, duplicates);
            System.out.printf("throughput %.0f messages/s; everything delivered %.2f s after the first send%n", sent.get() / allSeconds, allSeconds);
            System.out.printf("delivered/sent ratio %.4f (must be 1.0000)%n", received.size() / (double) sent.get());
            // A message not received is a loss only if the server neither holds it nor could hand it to a reader still reading.
            if (lost > 0) System.out.printf("at the end of the drain window: %d stanzas still queued in the server; readers stopped early: %s%n",
                    stillQueued, readersEnded.isEmpty() ? "none" : readersEnded);
            if (archive != null) {
                // Every message goes into its sender's and its recipient's archive (one, to oneself).
                List<Jid> accounts = java.util.stream.IntStream.range(0, sessions).mapToObj(i -> Jid.of("load" + i + "@localhost")).toList();
                long expected = 2 * sent.get() - toSelf.get();
                long archived = archive.archived(accounts);
                for (int i = 0; i < 300 && archived < expected; i++) {
                    sleepNanos(100_000_000);
                    archived = archive.archived(accounts);
                }
                System.out.printf("archived %d of %d entries (sender's and recipient's archives)%n", archived, expected);
                if (archived != expected) return false;
            }
            return lost == 0 && duplicates == 0;
        }
    }

    private static long queuedInServer(TestServer server, int sessions) {
        long queued = 0;
        for (int i = 0; i < sessions; i++) queued += server.router.session(Jid.of("load" + i + "@localhost/r")).map(s -> s.queued()).orElse(0);
        return queued;
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
