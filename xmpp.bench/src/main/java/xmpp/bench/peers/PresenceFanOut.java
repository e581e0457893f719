package xmpp.bench.peers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import xmpp.core.xml.Element;

/**
 * A presence change fanned out to roster contacts: {@code u0} has {@code n} contacts
 * ({@code u1..un}) subscribed to its presence, all online; each round it changes its status,
 * and the round ends when every contact has it. Rosters are made the ordinary way, with
 * subscription requests that {@code u0} approves, so each server stores them as it would.
 */
final class PresenceFanOut {

    private static final long TIMEOUT_SECONDS = 60;

    private final String centre;
    private volatile int round = -1;
    private volatile CountDownLatch arrived;

    private PresenceFanOut(Target target) {
        this.centre = Accounts.user(0) + "@" + target.domain();
    }

    static void run(Target target, Results results, int contacts, int rounds, int repetitions) throws Exception {
        new PresenceFanOut(target).measure(target, results, contacts, rounds, repetitions);
    }

    private void measure(Target target, Results results, int contacts, int rounds, int repetitions) throws Exception {
        List<Client> clients = new ArrayList<>();
        try {
            Client centreClient = Client.loggedIn(target, Target.source(0), Client.Login.PLAIN_TLS, Accounts.user(0), Accounts.PASSWORD, "centre");
            clients.add(centreClient);
            Thread.ofVirtual().start(() -> approveSubscriptions(centreClient));
            centreClient.send("<presence><status>0</status></presence>");
            arrived = new CountDownLatch(contacts);
            round = 0;
            Client[] each = new Client[contacts];
            Workers.forEach(contacts, Logins.CONCURRENT, k -> {
                Client c = Client.loggedIn(target, Target.source(k + 1), Client.Login.PLAIN_TLS, Accounts.user(k + 1), Accounts.PASSWORD, "contact");
                each[k] = c;
                Thread.ofVirtual().start(() -> watchCentre(c));
                c.send("<presence/>");
                c.send("<presence type='subscribe' to='" + centre + "'/>");
            });
            clients.addAll(Arrays.asList(each));
            if (!arrived.await(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                throw new IOException(arrived.getCount() + " of " + contacts + " contacts never got u0's presence after subscribing");

            for (int rep = 1; rep <= repetitions; rep++) {
                Meter meter = new Meter(target);
                long[] times = new long[rounds];
                for (int r = 0; r < rounds; r++) {
                    arrived = new CountDownLatch(contacts);
                    round = rep * rounds + r;
                    long start = System.nanoTime();
                    centreClient.send("<presence><status>" + round + "</status></presence>");
                    if (!arrived.await(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                        throw new IOException(arrived.getCount() + " of " + contacts + " contacts missed presence round " + round);
                    times[r] = System.nanoTime() - start;
                }
                double seconds = meter.seconds();
                Arrays.sort(times);
                String x = Integer.toString(contacts);
                results.add("presence", x, rep, "deliveries_per_s", (double) contacts * rounds / seconds);
                results.add("presence", x, rep, "median_ms", times[rounds / 2] / 1e6);
                results.add("presence", x, rep, "server_cpu_us_per_delivery", meter.serverCpuSeconds() * 1e6 / ((double) contacts * rounds));
                results.add("presence", x, rep, "load_cores", meter.loadCores());
            }
        } finally {
            for (Client c : clients) c.close();
        }
    }

    private void approveSubscriptions(Client centreClient) {
        try {
            while (true) {
                Element e = centreClient.next();
                if (e.name().equals("presence") && e.attr("type").equals("subscribe"))
                    centreClient.send("<presence type='subscribed' to='" + e.attr("from") + "'/>");
            }
        } catch (Exception closed) {
            // the scenario closes its clients when it is done
        }
    }

    /** Counts each contact once per round, when the centre's status for that round reaches it. */
    private void watchCentre(Client contact) {
        int counted = -1;
        try {
            while (true) {
                Element e = contact.next();
                if (!e.name().equals("presence") || !e.attr("from").startsWith(centre + "/") || e.hasAttr("type")) continue;
                String status = e.child("status").map(Element::text).orElse("");
                int current = round;
                if (status.equals(Integer.toString(current)) && counted != current) {
                    counted = current;
                    arrived.countDown();
                }
            }
        } catch (Exception closed) {
            // the scenario closes its clients when it is done
        }
    }
}
