package xmpp.mod.presence.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;

/**
 * Who got directed presence from each session (RFC 6121 section 4.6), to be told when the
 * session goes unavailable. Kept per session object, so a new login with the same resource
 * starts with none.
 */
@Component(service = DirectedPresence.class)
public final class DirectedPresence {

    private record Targets(Session session, Set<Jid> jids) {
    }

    private final Map<Jid, Targets> bySession = new ConcurrentHashMap<>();

    void sent(Session session, Jid target) {
        bySession.compute(session.jid(), (jid, t) -> {
            Targets current = t != null && t.session() == session ? t : new Targets(session, ConcurrentHashMap.newKeySet());
            current.jids().add(target);
            return current;
        });
    }

    void withdrawn(Session session, Jid target) {
        Targets t = bySession.get(session.jid());
        if (t != null && t.session() == session) t.jids().remove(target);
    }

    /** The session's targets, forgotten: it goes unavailable or away. */
    Set<Jid> takeAll(Session session) {
        Targets t = bySession.get(session.jid());
        if (t == null || t.session() != session || !bySession.remove(session.jid(), t)) return Set.of();
        return Set.copyOf(t.jids());
    }
}
