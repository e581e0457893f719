package xmpp.bench.peers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import xmpp.core.xml.Element;

/**
 * Messages per second between pairs of sessions over STARTTLS: each sender keeps a window of
 * messages in flight to its receiver, for a fixed time; then every message must have arrived
 * exactly once, or the run fails. Records p99 latency (send to receipt, same clock), the
 * server's CPU per message and the load generator's own CPU.
 */
final class Throughput {

    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Target target;
    private final List<Client> senders = new ArrayList<>();
    private final List<Client> receivers = new ArrayList<>();
    private volatile Pair[] pairs;

    private Throughput(Target target) {
        this.target = target;
    }

    /** One sender and its receiver: what was sent, seen, and how long it took. */
    private static final class Pair {
        final Semaphore window;
        final BitSet seen = new BitSet();
        long sent;
        long duplicates;
        long errors;
        long[] latencies = new long[1024];
        int received;
        long lastReceived;

        Pair(int window) {
            this.window = new Semaphore(window);
        }

        /** Called by the receiver's reader; synchronized for the thread that waits for the end. */
        synchronized void receive(Element message, long now) {
            if (message.attr("type").equals("error")) {
                errors++;
            } else {
                int seq = Integer.parseInt(message.attr("id"));
                if (seen.get(seq)) {
                    duplicates++;
                } else {
                    seen.set(seq);
                    if (received == latencies.length) latencies = Arrays.copyOf(latencies, received * 2);
                    latencies[received++] = now - Long.parseLong(message.child("body").orElseThrow().text());
                }
            }
            lastReceived = now;
            window.release();
        }

        synchronized boolean complete() {
            return received + duplicates + errors >= sent;
        }
    }

    /**
     * Logs {@code count} pairs in (users {@code u0..u<2*count-1>}), then measures: one
     * unrecorded warm-up of {@code warmupSeconds}, then {@code repetitions} of {@code seconds}.
     * Returns false if any message was lost, duplicated or bounced.
     */
    static boolean run(Target target, Results results, int count, int window, int warmupSeconds, int seconds, int repetitions) throws Exception {
        Throughput t = new Throughput(target);
        try {
            t.connect(count);
            boolean exact = true;
            for (int rep = 0; rep <= repetitions; rep++) exact &= t.measure(results, count, window, rep == 0 ? warmupSeconds : seconds, rep);
            return exact;
        } finally {
            for (Client c : t.senders) c.close();
            for (Client c : t.receivers) c.close();
        }
    }

    private void connect(int count) throws Exception {
        Client[] s = new Client[count];
        Client[] r = new Client[count];
        Workers.forEach(2 * count, Logins.CONCURRENT, i -> {
            Client c = Client.loggedIn(target, Target.source(i), Client.Login.SCRAM_TLS, Accounts.user(i), Accounts.PASSWORD, "t");
            c.send("<presence/>");
            if (i % 2 == 0) s[i / 2] = c; else r[i / 2] = c;
        });
        senders.addAll(List.of(s));
        receivers.addAll(List.of(r));
        for (int k = 0; k < count; k++) {
            int pair = k;
            Client receiver = r[k];
            Thread.ofVirtual().start(() -> read(receiver, pair));
        }
    }

    private void read(Client receiver, int pair) {
        try {
            while (true) {
                Element e = receiver.next();
                Pair[] current = pairs;
                if (e.name().equals("message") && current != null) current[pair].receive(e, System.nanoTime());
            }
        } catch (Exception closed) {
            // the scenario closes its clients when it is done
        }
    }

    private boolean measure(Results results, int count, int window, int seconds, int rep) throws Exception {
        Pair[] run = new Pair[count];
        for (int k = 0; k < count; k++) run[k] = new Pair(window);
        pairs = run;
        Meter meter = new Meter(target);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        Workers.forEach(count, count, k -> send(run[k], senders.get(k), Accounts.user(2 * k + 1) + "@" + target.domain() + "/t", deadline));
        long drainDeadline = System.nanoTime() + DRAIN_NANOS;
        while (!allArrived(run) && System.nanoTime() < drainDeadline) Thread.sleep(10);
        double serverCpu = meter.serverCpuSeconds();
        double loadCores = meter.loadCores();
        pairs = null;

        long sent = 0, received = 0, duplicates = 0, errors = 0, last = start;
        for (Pair p : run) {
            synchronized (p) {   // the readers may still be writing, if the drain timed out
                sent += p.sent;
                received += p.received;
                duplicates += p.duplicates;
                errors += p.errors;
                last = Math.max(last, p.lastReceived);
            }
        }
        long lost = sent - received;
        boolean exact = lost == 0 && duplicates == 0 && errors == 0;
        if (!exact) System.err.printf("error: %s, %d pairs: sent %d, lost %d, duplicated %d, bounced %d%n", target.name(), count, sent, lost, duplicates, errors);
        if (rep == 0) return exact;
        String x = Integer.toString(count);
        results.add("throughput", x, rep, "msg_per_s", received / ((last - start) / 1e9));
        results.add("throughput", x, rep, "p99_ms", percentile(run, 0.99) / 1e6);
        results.add("throughput", x, rep, "server_cpu_us_per_msg", serverCpu * 1e6 / Math.max(1, received));
        results.add("throughput", x, rep, "load_cores", loadCores);
        results.add("throughput", x, rep, "lost_or_duplicated", lost + duplicates + errors);
        return exact;
    }

    private static void send(Pair p, Client sender, String to, long deadline) throws IOException, InterruptedException {
        for (int seq = 0; System.nanoTime() < deadline; seq++) {
            if (!p.window.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) return;
            sender.send("<message type='chat' to='" + to + "' id='" + seq + "'><body>" + System.nanoTime() + "</body></message>");
            p.sent++;
        }
    }

    private static boolean allArrived(Pair[] run) {
        for (Pair p : run) if (!p.complete()) return false;
        return true;
    }

    private static double percentile(Pair[] run, double q) {
        List<long[]> each = new ArrayList<>();
        for (Pair p : run) {
            synchronized (p) {
                each.add(Arrays.copyOf(p.latencies, p.received));
            }
        }
        long[] all = each.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (all.length == 0) return 0;
        return all[Math.min(all.length - 1, (int) Math.ceil(q * all.length) - 1)];
    }
}
