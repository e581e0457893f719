package xmpp.router.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import xmpp.core.jid.Jid;
import xmpp.core.route.ServiceProperties;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/** The whiteboard of {@link StanzaHook} services, run per point in {@code service.ranking} order. */
@Component(service = HookRunner.class, immediate = true)
public final class HookRunner {

    private static final System.Logger log = System.getLogger(HookRunner.class.getName());

    private record Hook(StanzaHook hook, int ranking, long serviceId, String owner) {
    }

    private static final Comparator<Hook> ORDER = Comparator.comparingInt(Hook::ranking).reversed()
            .thenComparingLong(Hook::serviceId);   // the OSGi rule: highest ranking, then oldest service

    private final Map<String, List<Hook>> byPoint = new ConcurrentHashMap<>();   // each list immutable, replaced on change

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addHook(StanzaHook hook, Map<String, Object> props) {
        long id = props.get("service.id") instanceof Long l ? l : Long.MAX_VALUE;
        Hook h = new Hook(hook, ServiceProps.ranking(props), id, ServiceProps.owner(props));
        for (String point : ServiceProperties.strings(props, StanzaHook.POINT)) {
            List<Hook> hooks = new ArrayList<>(byPoint.getOrDefault(point, List.of()));
            hooks.add(h);
            hooks.sort(ORDER);
            byPoint.put(point, List.copyOf(hooks));
        }
    }

    synchronized void removeHook(StanzaHook hook) {
        byPoint.replaceAll((point, hooks) -> hooks.stream().filter(h -> h.hook() != hook).toList());
    }

    /** Runs the hooks of {@code point}; the stanza to go on with, or null if a hook stopped it. */
    Element run(String point, Jid from, Jid to, Element stanza) {
        List<Hook> hooks = byPoint.get(point);
        if (hooks == null) return stanza;
        Element current = stanza;
        for (Hook h : hooks) {
            try {
                Element next = h.hook().process(from, to, current);
                if (next == null) return null;
                current = next;
            } catch (Exception | LinkageError e) {
                log.log(System.Logger.Level.ERROR, "hook " + h.owner() + " at " + point + " failed; the stanza goes on unchanged", e);
            }
        }
        return current;
    }
}
