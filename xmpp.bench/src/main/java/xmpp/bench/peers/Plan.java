package xmpp.bench.peers;

/**
 * The parameters of a run, the same for every server. {@code quick} checks that everything
 * works in a few minutes; {@code full} is what BENCHMARKS.md reports.
 */
record Plan(int logins, int loginRepetitions, int[] pairs, int window, int warmupSeconds, int seconds, int repetitions,
            int[] idleSessions, int settleSeconds, int contacts, int rounds) {

    static Plan named(String name) {
        return switch (name) {
            case "quick" -> new Plan(100, 1, new int[] {1, 10, 100}, 16, 1, 3, 1, new int[] {200, 1_000}, 3, 20, 20);
            case "full" -> new Plan(100, 3, new int[] {1, 10, 100, 1_000}, 16, 2, 5, 3, new int[] {1_000, 5_000, 10_000, 50_000}, 30, 100, 50);
            default -> throw new IllegalArgumentException("unknown plan '" + name + "': quick or full");
        };
    }

    /**
     * Without the idle-session counts above {@code maxSessions}: each session takes a file
     * descriptor in the server and one in the load generator, and a machine whose limit cannot
     * be raised far enough cannot hold them. In their place, the most sessions the limit allows
     * (in whole thousands), so that the curve goes as far as the machine does. Says which counts
     * it leaves out.
     */
    Plan limitedTo(int maxSessions) {
        int[] possible = java.util.Arrays.stream(idleSessions).filter(n -> n <= maxSessions).toArray();
        if (possible.length == idleSessions.length) return this;
        int most = maxSessions / 1_000 * 1_000;
        for (int n : idleSessions)
            if (n > maxSessions) System.err.printf("warning: %,d idle sessions skipped: the open-file limit allows %,d (ulimit -n); measured at %,d instead%n",
                    n, maxSessions, most);
        int[] counts = java.util.stream.IntStream.concat(java.util.Arrays.stream(possible), java.util.stream.IntStream.of(most))
                .filter(n -> n > 0).distinct().sorted().toArray();
        return new Plan(logins, loginRepetitions, pairs, window, warmupSeconds, seconds, repetitions, counts, settleSeconds, contacts, rounds);
    }

    /** Accounts u0.. that the active phase logs in as. */
    int activeAccounts() {
        int most = Math.max(contacts + 1, Logins.CONCURRENT);
        for (int n : pairs) most = Math.max(most, 2 * n);
        return most;
    }

    /** Accounts u0.. that the idle phase logs in as (made at the end of the active phase). */
    int idleAccounts() {
        return java.util.Arrays.stream(idleSessions).max().orElse(0);
    }

    /** Repetitions of a throughput measurement: one at 1,000 pairs, where logging them in dominates. */
    int repetitionsAt(int pairCount) {
        return pairCount >= 1_000 ? 1 : repetitions;
    }
}
