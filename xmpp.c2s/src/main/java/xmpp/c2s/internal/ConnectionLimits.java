package xmpp.c2s.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whom a listener serves: connections in all, connections per address that have not logged in
 * yet, and no logins from an address that failed too often ({@link FailedLogins}). Logged-in
 * connections do not count against their address: behind a carrier's CGNAT or a company's NAT,
 * thousands of users share one.
 */
final class ConnectionLimits {

    private static final System.Logger log = System.getLogger(ConnectionLimits.class.getName());

    /** A connection that may not be served; the message says why, for the log. */
    static final class Refused extends Exception {
        private final boolean byAddress;

        Refused(String why, boolean byAddress) {
            super(why, null, false, false);
            this.byAddress = byAddress;
        }

        /** True when the client's address is over its own limits; false when the listener is full for everyone. */
        boolean byAddress() {
            return byAddress;
        }
    }

    private final int maxConnections;
    private final int maxUnauthenticatedPerAddress;
    private final FailedLogins failedLogins;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> unauthenticated = new ConcurrentHashMap<>();

    ConnectionLimits(int maxConnections, int maxUnauthenticatedPerAddress, FailedLogins failedLogins) {
        this.maxConnections = maxConnections;
        this.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress;
        this.failedLogins = failedLogins;
    }

    /** A place for a new connection from {@code address}, held until {@link Admission#ended()}. */
    Admission admit(InetAddress address) throws Refused {
        String from = address.getHostAddress();
        Duration banned = failedLogins.banRemaining(address);
        if (!banned.isZero())
            throw new Refused("connection from " + from + " refused for another " + banned.toSeconds() + " s: "
                    + failedLogins.max() + " failed logins (max.failed.logins.per.ip)", true);
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            throw new Refused("connection from " + from + " refused: " + maxConnections + " are open (max.connections)", false);
        }
        boolean[] taken = {false};
        unauthenticated.compute(address, (a, count) -> {
            int n = count == null ? 0 : count;
            if (n >= maxUnauthenticatedPerAddress) return count;
            taken[0] = true;
            return n + 1;
        });
        if (!taken[0]) {
            open.decrementAndGet();
            throw new Refused("connection from " + from + " refused: " + maxUnauthenticatedPerAddress
                    + " from there have not logged in yet (max.unauthenticated.per.ip)", true);
        }
        return new Admission(address);
    }

    /** One connection's place in the limits. Thread-safe; each step counts once. */
    final class Admission {

        private final InetAddress address;
        private final AtomicBoolean unauthenticatedHeld = new AtomicBoolean(true);
        private final AtomicBoolean ended = new AtomicBoolean();

        private Admission(InetAddress address) {
            this.address = address;
        }

        /** The client logged in: it no longer counts against its address. */
        void loggedIn() {
            releaseUnauthenticated();
        }

        /** A login failed (the server's own trouble is no failure of the client's). */
        void loginFailed() {
            if (failedLogins.failed(address))
                log.log(System.Logger.Level.WARNING, "{0} failed to log in {1} times; no logins from it for {2} s "
                                + "(max.failed.logins.per.ip, failed.logins.window.s)", address.getHostAddress(),
                        failedLogins.max(), failedLogins.window().toSeconds());
        }

        /** How long logins from this connection's address stay refused; zero when they are not. */
        Duration banRemaining() {
            return failedLogins.banRemaining(address);
        }

        /** The connection is closed. */
        void ended() {
            if (!ended.compareAndSet(false, true)) return;
            releaseUnauthenticated();
            open.decrementAndGet();
        }

        private void releaseUnauthenticated() {
            if (unauthenticatedHeld.compareAndSet(true, false))
                unauthenticated.computeIfPresent(address, (a, count) -> count == 1 ? null : count - 1);
        }
    }
}
