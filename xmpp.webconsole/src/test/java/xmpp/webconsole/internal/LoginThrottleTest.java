package xmpp.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test turns. */
    static final class TurnedClock extends Clock {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");

        void turn(Duration d) {
            now = now.plus(d);
        }

        @Override public Instant instant() { return now; }
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }

    final TurnedClock clock = new TurnedClock();
    final LoginThrottle throttle = new LoginThrottle(4, 2, Duration.ofSeconds(300), clock);

    @Test
    void anAccountIsHeldAfterItsLimitUntilTheWindowEnds() {
        throttle.failed("192.0.2.1", "admin@localhost");
        assertEquals(Optional.empty(), throttle.wait("192.0.2.1", "admin@localhost"));
        clock.turn(Duration.ofSeconds(100));
        throttle.failed("192.0.2.2", "admin@localhost");
        assertEquals(Optional.of(Duration.ofSeconds(200)), throttle.wait("192.0.2.3", "admin@localhost"), "from any address");
        assertEquals(Optional.empty(), throttle.wait("192.0.2.3", "other@localhost"), "another account is not held");
        clock.turn(Duration.ofSeconds(200));
        assertEquals(Optional.empty(), throttle.wait("192.0.2.3", "admin@localhost"));
    }

    @Test
    void anAddressIsHeldAfterItsLimitWhateverAccountItTries() {
        for (int i = 0; i < 4; i++) throttle.failed("192.0.2.9", "user" + i + "@localhost");
        assertTrue(throttle.wait("192.0.2.9", "fresh@localhost").isPresent());
        assertEquals(Optional.empty(), throttle.wait("192.0.2.10", "fresh@localhost"));
    }

    @Test
    void aRightPasswordEndsTheAccountsCountButNotTheAddresss() {
        throttle.failed("192.0.2.1", "admin@localhost");
        throttle.succeeded("admin@localhost");
        throttle.failed("192.0.2.1", "admin@localhost");
        assertEquals(Optional.empty(), throttle.wait("192.0.2.5", "admin@localhost"), "one failure since the success");
        throttle.failed("192.0.2.1", "b@localhost");
        throttle.failed("192.0.2.1", "c@localhost");
        assertTrue(throttle.wait("192.0.2.1", "d@localhost").isPresent(), "the address's four failures still count");
    }

    @Test
    void aFailureAfterTheWindowStartsANewCount() {
        throttle.failed("192.0.2.1", "admin@localhost");
        clock.turn(Duration.ofSeconds(301));
        throttle.failed("192.0.2.1", "admin@localhost");
        assertEquals(Optional.empty(), throttle.wait("192.0.2.1", "admin@localhost"));
    }

    @Test
    void theLongestUnusedEntriesAreForgottenBeyondTheBound() {
        throttle.failed("192.0.2.1", "admin@localhost");
        throttle.failed("192.0.2.1", "admin@localhost");
        for (int i = 0; i < LoginThrottle.MAX_TRACKED; i++) throttle.failed("10.0." + (i / 250) + "." + (i % 250), "u" + i + "@localhost");
        assertEquals(Optional.empty(), throttle.wait("192.0.2.200", "admin@localhost"));
    }
}
