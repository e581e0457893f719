package xmpp.core.spi.auth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import xmpp.core.auth.Authenticator;
import xmpp.core.route.ServiceProperties;

/**
 * Which {@link Authenticator} serves a host, for whoever tracks the services (the client
 * listener, the router): one registered for the host itself beats one for {@code *}; among
 * equals, the highest {@code service.ranking}, then the oldest service. Thread-safe.
 */
public final class Authenticators {

    private record Entry(Authenticator authenticator, Set<String> hosts, int ranking, long serviceId) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Adds a service with its properties ({@link Authenticator#HOST}, service.ranking, service.id). */
    public void add(Authenticator authenticator, Map<String, ?> props) {
        Set<String> hosts = Set.copyOf(ServiceProperties.strings(props, Authenticator.HOST, "*"));
        int ranking = props.get("service.ranking") instanceof Integer i ? i : 0;
        long id = props.get("service.id") instanceof Long l ? l : Long.MAX_VALUE;
        entries.add(new Entry(authenticator, hosts, ranking, id));
    }

    public void remove(Authenticator authenticator) {
        entries.removeIf(e -> e.authenticator() == authenticator);
    }

    /** The authenticator for {@code host}, if any serves it. */
    public Optional<Authenticator> forHost(String host) {
        List<Entry> exact = new ArrayList<>();
        List<Entry> any = new ArrayList<>();
        for (Entry e : entries) {
            if (e.hosts().contains(host)) exact.add(e);
            else if (e.hosts().contains("*")) any.add(e);
        }
        List<Entry> candidates = exact.isEmpty() ? any : exact;
        return candidates.stream().min(ORDER).map(Entry::authenticator);
    }
}
