package xmpp.mod.push.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import xmpp.core.jid.Jid;

/**
 * The notifications sent and not yet answered, by id: an answer counts against a registration
 * only when it answers one of these, so that an id merely shaped like ours (anyone may send an
 * error to an account) neither disables a registration nor fills memory. Bounded in number and
 * age: an app server answers within seconds, and one that never answers must not pin an entry.
 */
@Component(service = SentNotifications.class)
public final class SentNotifications {

    static final int MAX_PENDING = 10_000;
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    /** Whom a notification was about and where it went. */
    record Sent(Jid account, Jid appServer, String node, Instant at) { }

    private final Clock clock;
    private final Map<String, Sent> pending = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
            return size() > MAX_PENDING;
        }
    };

    @Activate
    public SentNotifications() {
        this(Clock.systemUTC());
    }

    SentNotifications(Clock clock) {
        this.clock = clock;
    }

    synchronized void sent(String id, Jid account, Jid appServer, String node) {
        expire();
        pending.put(id, new Sent(account.bare(), appServer, node, clock.instant()));
    }

    /** The notification this id answers, forgotten with this call: one notification, one answer. */
    synchronized Optional<Sent> answered(String id) {
        expire();
        return Optional.ofNullable(pending.remove(id));
    }

    /** The map is in sending order, so the expired ones are at its head. */
    private void expire() {
        Instant oldest = clock.instant().minus(MAX_AGE);
        for (Iterator<Sent> i = pending.values().iterator(); i.hasNext(); ) {
            if (!i.next().at().isBefore(oldest)) return;
            i.remove();
        }
    }
}
