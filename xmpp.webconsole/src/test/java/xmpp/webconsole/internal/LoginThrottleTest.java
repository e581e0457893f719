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

    /** One try that fails. */
    Optional<Duration> fail(String address, String account) {
        return throttle.tryAcquire(address, account, true);
    }

    @Test
    void anAccountIsHeldAfterItsLimitUntilTheWindowEnds() {
        assertEquals(Optional.empty(), fail("192.0.2.1", "admin@localhost"));
        clock.turn(Duration.ofSeconds(100));
        assertEquals(Optional.empty(), fail("192.0.2.2", "admin@localhost"));
        assertEquals(Optional.of(Duration.ofSeconds(200)), fail("192.0.2.3", "admin@localhost"), "from any address");
        assertEquals(Optional.empty(), fail("192.0.2.3", "other@localhost"), "another account is not held");
        clock.turn(Duration.ofSeconds(200));
        assertEquals(Optional.empty(), fail("192.0.2.3", "admin@localhost"));
    }

    @Test
    void aHeldTryIsNotCounted() {
        fail("192.0.2.1", "admin@localhost");
        fail("192.0.2.1", "admin@localhost");
        for (int i = 0; i < 5; i++) fail("192.0.2.1", "admin@localhost");
        assertEquals(Optional.empty(), fail("192.0.2.1", "other@localhost"), "two failures at the address, not seven");
    }

    @Test
    void anAddressIsHeldAfterItsLimitWhateverAccountItTries() {
        for (int i = 0; i < 4; i++) fail("192.0.2.9", "user" + i + "@localhost");
        assertTrue(fail("192.0.2.9", "fresh@localhost").isPresent());
        assertEquals(Optional.empty(), fail("192.0.2.10", "fresh@localhost"));
    }

    @Test
    void aTryNotLimitedByAddressIsHeldByItsAccountOnly() {
        for (int i = 0; i < 4; i++) fail("127.0.0.1", "user" + i + "@localhost");
        assertEquals(Optional.empty(), throttle.tryAcquire("127.0.0.1", "admin@localhost", false));
        assertEquals(Optional.empty(), throttle.tryAcquire("127.0.0.1", "admin@localhost", false));
        assertTrue(throttle.tryAcquire("127.0.0.1", "admin@localhost", false).isPresent());
    }

    @Test
    void aRightPasswordEndsTheAccountsCountAndTakesBackItsTryButNotTheAddresssEarlierFailures() {
        fail("192.0.2.1", "admin@localhost");
        fail("192.0.2.1", "admin@localhost");
        throttle.succeeded("192.0.2.1", "admin@localhost");
        assertEquals(Optional.empty(), fail("192.0.2.5", "admin@localhost"), "the account's count ended");
        fail("192.0.2.1", "b@localhost");
        fail("192.0.2.1", "c@localhost");
        assertEquals(Optional.empty(), fail("192.0.2.1", "d@localhost"), "three failures at the address before: the right password was none");
        assertTrue(fail("192.0.2.1", "e@localhost").isPresent(), "the first failure still counts with the three after it");
    }

    @Test
    void aReleasedTryIsNoFailure() {
        for (int i = 0; i < 10; i++) {
            assertEquals(Optional.empty(), fail("192.0.2.1", "admin@localhost"));
            throttle.released("192.0.2.1", "admin@localhost");
        }
    }

    @Test
    void aFailureAfterTheWindowStartsANewCount() {
        fail("192.0.2.1", "admin@localhost");
        clock.turn(Duration.ofSeconds(301));
        fail("192.0.2.1", "admin@localhost");
        assertEquals(Optional.empty(), fail("192.0.2.1", "admin@localhost"));
    }

    @Test
    void theLongestUnusedEntriesAreForgottenBeyondTheBound() {
        fail("192.0.2.1", "admin@localhost");
        fail("192.0.2.1", "admin@localhost");
        for (int i = 0; i < LoginThrottle.MAX_TRACKED; i++) fail("10.0." + (i / 250) + "." + (i % 250), "u" + i + "@localhost");
        assertEquals(Optional.empty(), fail("192.0.2.200", "admin@localhost"));
    }
}
