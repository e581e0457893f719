package xmpp.c2s.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A listener's resumable XEP-0198 sessions by resumption id. The ids live in memory only, so
 * after a restart every {@code <resume/>} fails with item-not-found, as the XEP allows.
 */
final class Resumptions {

    private final Map<String, ClientSession> byId = new ConcurrentHashMap<>();

    void add(String id, ClientSession session) {
        byId.put(id, session);
    }

    Optional<ClientSession> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    void remove(String id, ClientSession session) {
        byId.remove(id, session);
    }

    List<ClientSession> all() {
        return List.copyOf(byId.values());
    }
}
