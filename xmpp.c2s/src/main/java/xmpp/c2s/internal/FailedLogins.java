package xmpp.c2s.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Failed logins per address, counted as ejabberd's mod_fail2ban counts them: a failure is
 * remembered for a window after the last one, and an address with {@code max} failures
 * remembered may not log in until that window has passed. Bounded: beyond {@code tracked}
 * addresses, the one whose last failure is oldest is forgotten.
 */
final class FailedLogins {

    private record Failures(int count, long lastNanos) {
    }

    private final int max;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Failures> byAddress;   // oldest last failure first

    FailedLogins(int max, Duration window, int tracked, LongSupplier nanoClock) {
        this.max = max;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
        this.byAddress = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Failures> eldest) {
                return size() > tracked;
            }
        };
    }

    /** Counts a failed login from {@code address}; true when this one reached the limit, so the address is now refused. */
    synchronized boolean failed(InetAddress address) {
        long now = nanoClock.getAsLong();
        Failures before = byAddress.remove(address);   // put again below: the most recent goes last
        int count = before == null || expired(before, now) ? 1 : before.count() + 1;
        byAddress.put(address, new Failures(count, now));
        return count == max;
    }

    /** How long logins from {@code address} stay refused; zero when they are not. */
    synchronized Duration banRemaining(InetAddress address) {
        Failures f = byAddress.get(address);
        if (f == null) return Duration.ZERO;
        long now = nanoClock.getAsLong();
        if (expired(f, now)) {
            byAddress.remove(address);
            return Duration.ZERO;
        }
        return f.count() >= max ? Duration.ofNanos(f.lastNanos() + windowNanos - now) : Duration.ZERO;
    }

    int max() {
        return max;
    }

    Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    private boolean expired(Failures f, long now) {
        return now - f.lastNanos() >= windowNanos;
    }
}
