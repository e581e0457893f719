package xmpp.metrics.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The services the meters read, one of each type, each with the meters it feeds: registered
 * when the service is bound, removed when it goes. Kept by type, not by object, since one object
 * may be several sources (the router is the session manager and the routing statistics).
 */
final class Sources {

    /** A service and the meters that read it. */
    private record Source(Object service, MeterSet meters) {
    }

    private final MeterRegistry registry;
    private final Map<Class<?>, Source> bound = new HashMap<>();   // guarded by this

    Sources(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers the meters of {@code service} as the source of {@code type}. A greedy reference
     * binds a better service before it unbinds the old one: the old meters go first, else the
     * registry would hand back the old meters (same name and tags), which read the old service.
     */
    synchronized <S> void bind(Class<S> type, S service, BiConsumer<S, MeterSet> meters) {
        Source old = bound.remove(type);
        if (old != null) old.meters().removeAll();
        MeterSet set = new MeterSet(registry);
        meters.accept(service, set);
        bound.put(type, new Source(service, set));
    }

    /** Removes the meters of {@code service}, if it is still the source of {@code type}; returns whether it was. */
    synchronized boolean unbind(Class<?> type, Object service) {
        Source current = bound.get(type);
        if (current == null || current.service() != service) return false;
        bound.remove(type);
        current.meters().removeAll();
        return true;
    }
}
