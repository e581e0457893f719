package xmpp.router.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;
import xmpp.core.jid.Jid;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.spi.route.SessionTable;

/**
 * The single-node session table: by bare JID, then resource, so the RFC 6121 delivery rules
 * (which look at all of an account's sessions) cost one lookup. Ranked low, so a cluster's
 * table replaces it.
 */
@Component(property = "service.ranking:Integer=-100")
public final class InMemorySessionTable implements SessionTable {

    private final Map<Jid, Map<String, SessionEntry>> byAccount = new ConcurrentHashMap<>();   // inner maps immutable
    private final AtomicInteger size = new AtomicInteger();

    @Override
    public void put(SessionEntry entry) {
        byAccount.compute(entry.jid().bare(), (bare, sessions) -> {
            Map<String, SessionEntry> updated = new HashMap<>(sessions == null ? Map.of() : sessions);
            if (updated.put(entry.jid().resourcepart(), entry) == null) size.incrementAndGet();
            return Map.copyOf(updated);
        });
    }

    @Override
    public boolean remove(Jid jid, String node) {
        boolean[] removed = {false};
        byAccount.computeIfPresent(jid.bare(), (bare, sessions) -> {
            SessionEntry entry = sessions.get(jid.resourcepart());
            if (entry == null || !entry.node().equals(node)) return sessions;
            Map<String, SessionEntry> updated = new HashMap<>(sessions);
            updated.remove(jid.resourcepart());
            removed[0] = true;
            size.decrementAndGet();
            return updated.isEmpty() ? null : Map.copyOf(updated);
        });
        return removed[0];
    }

    @Override
    public Optional<SessionEntry> get(Jid fullJid) {
        Map<String, SessionEntry> sessions = byAccount.get(fullJid.bare());
        return sessions == null ? Optional.empty() : Optional.ofNullable(sessions.get(fullJid.resourcepart()));
    }

    @Override
    public List<SessionEntry> sessionsOf(Jid bareJid) {
        Map<String, SessionEntry> sessions = byAccount.get(bareJid.bare());
        return sessions == null ? List.of() : List.copyOf(sessions.values());
    }

    @Override
    public List<SessionEntry> all() {
        return byAccount.values().stream().flatMap(sessions -> sessions.values().stream()).toList();
    }

    @Override
    public int size() {
        return size.get();
    }
}
