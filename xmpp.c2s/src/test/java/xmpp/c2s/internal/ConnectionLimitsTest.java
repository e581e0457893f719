package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Who gets a connection: the total, the address's connections that have not logged in, the address's failed logins. */
class ConnectionLimitsTest {

    private final FailedLogins failedLogins = new FailedLogins(2, Duration.ofHours(1), 100, System::nanoTime);
    private final ConnectionLimits limits = new ConnectionLimits(4, 2, failedLogins);
    private final ConnectionLimits roomy = new ConnectionLimits(100, 2, failedLogins);

    private static InetAddress address(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    }

    @Test
    void anAddressMayHoldOnlySoManyConnectionsThatHaveNotLoggedIn() throws Exception {
        ConnectionLimits.Admission first = roomy.admit(address(1));
        ConnectionLimits.Admission second = roomy.admit(address(1));
        assertRefusedBy("max.unauthenticated.per.ip", roomy, address(1));
        assertDoesNotThrow(() -> roomy.admit(address(2)), "another address has its own count");
        first.loggedIn();
        first.loggedIn();   // counts once
        ConnectionLimits.Admission third = roomy.admit(address(1));
        assertRefusedBy("max.unauthenticated.per.ip", roomy, address(1));   // one place was freed, not two
        second.ended();
        third.ended();
        third.ended();   // counts once
        roomy.admit(address(1));
        roomy.admit(address(1));
        assertRefusedBy("max.unauthenticated.per.ip", roomy, address(1));
        first.ended();   // logged in before: frees no place of its address's
        assertRefusedBy("max.unauthenticated.per.ip", roomy, address(1));
    }

    private static void assertRefusedBy(String limit, ConnectionLimits limits, InetAddress address) {
        ConnectionLimits.Refused refused = assertThrows(ConnectionLimits.Refused.class, () -> limits.admit(address));
        assertTrue(refused.getMessage().contains(limit), refused.getMessage());
    }

    @Test
    void theTotalCountsLoggedInConnectionsToo() throws Exception {
        for (int i = 0; i < 4; i++) limits.admit(address(i)).loggedIn();
        assertRefusedBy("max.connections", limits, address(9));
    }

    @Test
    void anAddressThatFailedTooOftenIsRefusedAtOnce() throws Exception {
        ConnectionLimits.Admission a = limits.admit(address(1));
        a.loginFailed();
        assertTrue(a.banRemaining().isZero());
        a.loginFailed();
        assertTrue(a.banRemaining().compareTo(Duration.ZERO) > 0, "its own logins are refused");
        assertRefusedBy("max.failed.logins.per.ip", limits, address(1));
        assertDoesNotThrow(() -> limits.admit(address(2)));
    }
}
