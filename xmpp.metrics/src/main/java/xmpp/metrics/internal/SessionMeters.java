package xmpp.metrics.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.spi.metrics.SessionTransport;

/**
 * Client sessions by host and transport, and their outbound queues. Counted at each scrape from
 * the session manager's snapshot, not kept up to date as sessions come and go: routing and
 * logins pay nothing for it.
 */
final class SessionMeters {

    static final String SESSIONS = "xmpp.sessions";
    static final String QUEUED = "xmpp.sessions.queued";
    static final String DEEPEST = "xmpp.sessions.queue.deepest";

    private final Sessions sessions;
    private final MeterSet set;
    private final Map<Tags, AtomicInteger> counts = new HashMap<>();   // guarded by this
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger deepest = new AtomicInteger();

    SessionMeters(Sessions sessions, MeterSet set) {
        this.sessions = sessions;
        this.set = set;
        set.add(Gauge.builder(QUEUED, queued, AtomicInteger::get).description("Stanzas waiting in the client sessions' outbound queues")
                .strongReference(true).register(set.registry()));
        set.add(Gauge.builder(DEEPEST, deepest, AtomicInteger::get).description("The longest outbound queue of a client session")
                .strongReference(true).register(set.registry()));
    }

    /** Counts the sessions now. A host and transport seen once stays, at 0 when its last session is gone. */
    synchronized void refresh() {
        counts.values().forEach(c -> c.set(0));
        int waiting = 0;
        int longest = 0;
        for (Session s : sessions.sessions()) {
            Tags tags = Tags.of("host", s.jid().domainpart(), "transport", SessionTransport.of(s));
            counts.computeIfAbsent(tags, this::gauge).incrementAndGet();
            int q = s.queued();
            waiting += q;
            longest = Math.max(longest, q);
        }
        queued.set(waiting);
        deepest.set(longest);
    }

    private AtomicInteger gauge(Tags tags) {
        AtomicInteger count = new AtomicInteger();
        set.add(Gauge.builder(SESSIONS, count, AtomicInteger::get).tags(tags).description("Client sessions bound on this node, by host and transport")
                .strongReference(true).register(set.registry()));
        return count;
    }
}
