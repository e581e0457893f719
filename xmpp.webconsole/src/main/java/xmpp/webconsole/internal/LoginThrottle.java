package xmpp.webconsole.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed console logins counted per source address and per account (a normalized bare JID), each
 * in a window that starts at its first failure. Past either limit no password is checked until the window ends,
 * so guessing costs the guesser time, not the server hashing. Bounded: the longest-unused
 * entries are forgotten first.
 */
final class LoginThrottle {

    static final int MAX_TRACKED = 10_000;

    private final int perAddress;
    private final int perAccount;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Failures> byAddress = lru();
    private final Map<String, Failures> byAccount = lru();

    LoginThrottle(int perAddress, int perAccount, Duration window, Clock clock) {
        this.perAddress = perAddress;
        this.perAccount = perAccount;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Reserves one try: empty when a password may be checked now, and then the try counts as a
     * failure until {@link #succeeded} or {@link #released} says otherwise; else how long until
     * one may. Check and count are one step, so requests arriving together cannot all pass the
     * limit before the first failure is counted.
     *
     * @param addressLimited false to hold the try to the account's limit only (see ConsoleLogin)
     */
    synchronized Optional<Duration> tryAcquire(String address, String account, boolean addressLimited) {
        Instant now = clock.instant();
        Duration a = addressLimited ? blockedFor(byAddress, address, perAddress, now) : Duration.ZERO;
        Duration b = blockedFor(byAccount, account, perAccount, now);
        Duration longer = a.compareTo(b) >= 0 ? a : b;
        if (!longer.isZero()) return Optional.of(longer);
        count(byAddress, address, now);
        count(byAccount, account, now);
        return Optional.empty();
    }

    /**
     * A right password ends the account's count and takes back its try from the address's; the
     * address's earlier failures stay, or one account would launder another's guesses.
     */
    synchronized void succeeded(String address, String account) {
        byAccount.remove(account);
        uncount(byAddress, address);
    }

    /** The try could not be made (the accounts were unreachable): it is no failure. */
    synchronized void released(String address, String account) {
        uncount(byAddress, address);
        uncount(byAccount, account);
    }

    private Duration blockedFor(Map<String, Failures> counts, String key, int limit, Instant now) {
        Failures f = counts.get(key);
        if (f == null || f.count() < limit) return Duration.ZERO;
        Instant end = f.since().plus(window);
        return now.isBefore(end) ? Duration.between(now, end) : Duration.ZERO;
    }

    private void count(Map<String, Failures> counts, String key, Instant now) {
        Failures f = counts.get(key);
        counts.put(key, f == null || !now.isBefore(f.since().plus(window)) ? new Failures(1, now) : new Failures(f.count() + 1, f.since()));
    }

    private static void uncount(Map<String, Failures> counts, String key) {
        Failures f = counts.get(key);
        if (f == null) return;
        if (f.count() <= 1) counts.remove(key);
        else counts.put(key, new Failures(f.count() - 1, f.since()));
    }

    private static Map<String, Failures> lru() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }

    private record Failures(int count, Instant since) {}
}
