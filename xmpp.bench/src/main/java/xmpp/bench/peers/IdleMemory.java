package xmpp.bench.peers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What idle sessions cost the server, measured from outside: its resident memory before any
 * of them, then with 1,000, 10,000, 50,000 of them (each logged in over STARTTLS with SCRAM-SHA-256,
 * bound, available, then silent), after a pause for the server to settle.
 */
final class IdleMemory {

    private IdleMemory() {
    }

    static void run(Target target, Results results, int[] counts, int settleSeconds) throws Exception {
        List<Client> clients = Collections.synchronizedList(new ArrayList<>());
        try {
            Thread.sleep(settleSeconds * 1000L);
            long before = target.rssKib();
            results.add("idle", "0", 1, "rss_mib", before / 1024.0);
            for (int count : counts) {
                int from = clients.size();
                Meter meter = new Meter(target);
                Workers.forEach(count - from, Logins.CONCURRENT, k -> {
                    int i = from + k;
                    Client c = Client.loggedIn(target, Target.source(i), Client.Login.SCRAM_TLS, Accounts.user(i), Accounts.PASSWORD, "idle");
                    c.send("<presence/>");
                    clients.add(c);
                });
                String x = Integer.toString(count);
                results.add("idle", x, 1, "logins_per_s", (count - from) / meter.seconds());
                Thread.sleep(settleSeconds * 1000L);
                long rss = target.rssKib();
                results.add("idle", x, 1, "rss_mib", rss / 1024.0);
                results.add("idle", x, 1, "kib_per_session", (rss - before) / (double) count);
            }
        } finally {
            for (Client c : clients) c.close();
        }
    }
}
