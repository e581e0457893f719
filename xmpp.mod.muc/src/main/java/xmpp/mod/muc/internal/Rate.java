package xmpp.mod.muc.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: {@code perSecond} messages a second, in bursts of twice that, so a client
 * that sends a few lines at once is not refused while a flood is. Guarded by its room.
 */
final class Rate {

    private double tokens = -1;   // full at the first message
    private Instant refilled = Instant.MIN;

    /** Whether a message sent at {@code now} is within the rate; if so, it counts. */
    boolean take(Instant now, double perSecond) {
        double burst = Math.max(1, 2 * perSecond);
        if (tokens < 0) tokens = burst;
        else if (now.isAfter(refilled)) tokens = Math.min(burst, tokens + perSecond * Duration.between(refilled, now).toNanos() / 1e9);
        refilled = now;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
