package xmpp.mod.register.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How many accounts each client address created within a sliding window: the limit on
 * in-band registration per address (ejabberd's registration_timeout). Holds only addresses
 * that registered within the window.
 */
final class AddressWindow {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<InetAddress, Deque<Instant>> recent = new HashMap<>();

    AddressWindow(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Takes a place for {@code address} if it has one left in the window; false if not. */
    synchronized boolean take(InetAddress address) {
        Instant now = clock.instant();
        Instant start = now.minus(window);
        recent.values().removeIf(times -> {
            while (!times.isEmpty() && !times.peekFirst().isAfter(start)) times.pollFirst();
            return times.isEmpty();
        });
        Deque<Instant> times = recent.computeIfAbsent(address, a -> new ArrayDeque<>());
        if (times.size() >= limit) return false;
        times.addLast(now);
        return true;
    }

    /** Gives the place back: the registration it was taken for did not happen. */
    synchronized void giveBack(InetAddress address) {
        Deque<Instant> times = recent.get(address);
        if (times != null) times.pollLast();
    }
}
