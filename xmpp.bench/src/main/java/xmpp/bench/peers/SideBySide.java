package xmpp.bench.peers;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs the scenarios against one running server and appends the results to a CSV; the
 * script {@code bin/bench-peers} runs it twice per server, then {@link Report} writes the table
 * and the plots. Phase {@code active} creates the accounts and measures logins, throughput and
 * presence, then creates the accounts of the idle sessions; phase {@code idle} runs on the same
 * server restarted, so that its resident memory (fresh, then with idle sessions) carries nothing
 * of the load before. Exits 1 when a throughput run lost or duplicated a message, 2 when a
 * scenario could not run at all (its cause on standard error).
 *
 * <p>{@code SideBySide <server name> <port> <domain> <pid> <admin password> <quick|full> <active|idle> <results.csv>}
 */
public final class SideBySide {

    private SideBySide() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8 || !List.of("active", "idle").contains(args[6])) {
            System.err.println("usage: SideBySide <server name> <port> <domain> <pid> <admin password> <quick|full> <active|idle> <results.csv>");
            System.exit(2);
        }
        Target target = new Target(args[0], "127.0.0.1", Integer.parseInt(args[1]), args[2], Long.parseLong(args[3]), args[4]);
        Plan plan = Plan.named(args[5]).limitedTo(Integer.getInteger("bench.maxSessions", Integer.MAX_VALUE));
        Results results = new Results(Path.of(args[7]), target.name());
        boolean exact = true;
        try {
            if (args[6].equals("active")) exact = active(target, plan, results);
            else idle(target, plan, results);
        } catch (Exception e) {
            System.err.println("error: " + target.name() + ": a scenario failed, the rest of this phase is skipped: " + e);
            e.printStackTrace();
            System.exit(2);
        }
        System.exit(exact ? 0 : 1);
    }

    private static boolean active(Target target, Plan plan, Results results) throws Exception {
        createAccounts(target, results, 0, plan.activeAccounts());
        step("logins");
        Logins.run(target, results, plan.logins(), plan.loginRepetitions());
        boolean exact = true;
        for (int pairs : plan.pairs()) {
            step("throughput, " + pairs + " pairs");
            exact &= Throughput.run(target, results, pairs, plan.window(), plan.warmupSeconds(), plan.seconds(), plan.repetitionsAt(pairs));
        }
        step("presence fan-out");
        PresenceFanOut.run(target, results, plan.contacts(), plan.rounds(), plan.repetitions());
        // Last, so that the load is measured first, and before the restart, so that the idle phase starts fresh.
        createAccounts(target, results, plan.activeAccounts(), plan.idleAccounts());
        return exact;
    }

    private static void idle(Target target, Plan plan, Results results) throws Exception {
        results.add("fresh", "0", 1, "rss_mib", target.rssKib() / 1024.0);
        step("idle sessions");
        IdleMemory.run(target, results, plan.idleSessions(), plan.settleSeconds());
    }

    private static void createAccounts(Target target, Results results, int first, int end) throws Exception {
        if (end <= first) return;
        step("creating accounts u" + first + " to u" + (end - 1));
        Meter meter = new Meter(target);
        Accounts.create(target, first, end);
        results.add("accounts", Integer.toString(end), 1, "created_per_s", (end - first) / meter.seconds());
    }

    private static void step(String what) {
        System.out.printf("%tT %s%n", System.currentTimeMillis(), what);
    }
}
