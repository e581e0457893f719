package xmpp.mod.adhoc.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import xmpp.core.jid.Jid;

/**
 * Commands that wait for their requester's next form (XEP-0050 sessions): who started which
 * node, until when. Bounded: a requester keeps at most {@link #PER_REQUESTER} open, and an
 * abandoned session expires.
 */
final class CommandSessions {

    static final int PER_REQUESTER = 10;

    record Open(String node, Jid requester, Instant expires) {
    }

    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    CommandSessions(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Opens a session of {@code node} for {@code requester}; empty when the requester has too many open. */
    Optional<String> open(String node, Jid requester) {
        Instant now = clock.instant();
        open.values().removeIf(o -> o.expires().isBefore(now));
        if (open.values().stream().filter(o -> o.requester().equals(requester)).count() >= PER_REQUESTER) return Optional.empty();
        String sessionId = newId();
        open.put(sessionId, new Open(node, requester, now.plus(timeout)));
        return Optional.of(sessionId);
    }

    /** The open session {@code sessionId} of {@code requester} at {@code node}, extended; empty if unknown, expired or someone else's. */
    Optional<Open> find(String sessionId, String node, Jid requester) {
        Open o = open.get(sessionId);
        if (o == null || !o.node().equals(node) || !o.requester().equals(requester)) return Optional.empty();
        if (o.expires().isBefore(clock.instant())) {
            open.remove(sessionId, o);
            return Optional.empty();
        }
        Open extended = new Open(node, requester, clock.instant().plus(timeout));
        open.replace(sessionId, o, extended);
        return Optional.of(extended);
    }

    /** A fresh session id; a command completed at once gets one too (XEP-0050 section 6.3), kept nowhere. */
    String newId() {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    void close(String sessionId) {
        open.remove(sessionId);
    }
}
