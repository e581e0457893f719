package xmpp.bench.peers;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Logins per second: a fresh connection for each, through login and binding, then closed;
 * {@link #CONCURRENT} at once, each of them always as the same user (so the client's SCRAM
 * work is cached, and the server's is what is measured).
 */
final class Logins {

    static final int CONCURRENT = 32;

    private Logins() {
    }

    static void run(Target target, Results results, int count, int repetitions) throws Exception {
        for (Client.Login login : Client.Login.values()) {
            for (int rep = 1; rep <= repetitions; rep++) {
                AtomicInteger resource = new AtomicInteger();
                Meter meter = new Meter(target);
                Workers.forEach(count, CONCURRENT, i -> {
                    String user = Accounts.user(i % CONCURRENT);
                    Client.loggedIn(target, Target.source(0), login, user, Accounts.PASSWORD, "login" + resource.incrementAndGet()).close();
                });
                double seconds = meter.seconds();
                results.add("login", login.label(), rep, "logins_per_s", count / seconds);
                results.add("login", login.label(), rep, "server_cpu_ms_per_login", meter.serverCpuSeconds() * 1000 / count);
                results.add("login", login.label(), rep, "load_cores", meter.loadCores());
            }
        }
    }
}
