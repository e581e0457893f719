package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The failed-login window on a clock the test turns. */
class FailedLoginsTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final AtomicLong now = new AtomicLong();
    private final FailedLogins failed = new FailedLogins(3, WINDOW, 2, now::get);

    private static InetAddress address(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    }

    private void pass(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theLimitBansTheAddressForTheWindowAfterItsLastFailure() throws Exception {
        InetAddress a = address(1);
        assertFalse(failed.failed(a));
        pass(Duration.ofMinutes(9));
        assertFalse(failed.failed(a));
        assertEquals(Duration.ZERO, failed.banRemaining(a), "two failures: not yet");
        pass(Duration.ofMinutes(9));
        assertTrue(failed.failed(a), "the third within a window of the one before reaches the limit");
        assertEquals(WINDOW, failed.banRemaining(a));
        assertEquals(Duration.ZERO, failed.banRemaining(address(2)), "other addresses may log in");
        pass(Duration.ofMinutes(9));
        assertEquals(Duration.ofMinutes(1), failed.banRemaining(a));
        pass(Duration.ofMinutes(1));
        assertEquals(Duration.ZERO, failed.banRemaining(a), "lifted once the window has passed");
        assertFalse(failed.failed(a), "and counting starts again");
    }

    @Test
    void failuresFurtherApartThanTheWindowDoNotAddUp() throws Exception {
        InetAddress a = address(1);
        for (int i = 0; i < 10; i++) {
            assertFalse(failed.failed(a));
            pass(WINDOW);
        }
        assertEquals(Duration.ZERO, failed.banRemaining(a));
    }

    @Test
    void beyondTheTrackedAddressesTheOneThatFailedLongestAgoIsForgotten() throws Exception {
        failed.failed(address(1));
        failed.failed(address(1));
        failed.failed(address(2));
        failed.failed(address(1));   // 1 failed last: 2 is now the oldest
        failed.failed(address(3));
        assertEquals(WINDOW, failed.banRemaining(address(1)), "the most recent are kept");
        assertFalse(failed.failed(address(2)) || failed.failed(address(2)), "2 was forgotten: counting starts again");
    }
}
