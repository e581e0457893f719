package xmpp.webconsole.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed console logins counted per source address and per account, each in a window that
 * starts at its first failure. Past either limit no password is checked until the window ends,
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

    /** Empty when a login may be tried now; else how long until it may. */
    synchronized Optional<Duration> wait(String address, String account) {
        Instant now = clock.instant();
        Duration a = blockedFor(byAddress, address, perAddress, now);
        Duration b = blockedFor(byAccount, account, perAccount, now);
        Duration longer = a.compareTo(b) >= 0 ? a : b;
        return longer.isZero() ? Optional.empty() : Optional.of(longer);
    }

    synchronized void failed(String address, String account) {
        Instant now = clock.instant();
        count(byAddress, address, now);
        count(byAccount, account, now);
    }

    /** A right password ends the account's count; the address's stays, or one account would launder another's guesses. */
    synchronized void succeeded(String account) {
        byAccount.remove(account);
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
