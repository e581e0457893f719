package xmpp.mod.disco.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import xmpp.core.route.Disco;
import xmpp.core.route.IqHandler;
import xmpp.core.route.ServiceProperties;

/**
 * Everything the service registry says about discovery, as it changes: the features, components
 * and identities of the services registered now. Read per disco request and per stream.
 *
 * <p>Only service properties are read, never the services themselves, so a module's services
 * are not activated, nor kept, for discovery's sake.
 */
@Component(service = DiscoCatalog.class)
public final class DiscoCatalog {

    private static final System.Logger log = System.getLogger(DiscoCatalog.class.getName());
    private static final String FILTER = "(|(" + IqHandler.NAMESPACE + "=*)(" + Disco.FEATURE + "=*)("
            + Disco.ACCOUNT_FEATURE + "=*)(" + xmpp.core.route.Component.ROUTE + "=*))";

    /** A component as the server's disco#items lists it. */
    record Item(String jid, Identity identity) {
    }

    private final Map<Object, Contribution> byService = new ConcurrentHashMap<>();
    private ServiceTracker<Object, Object> tracker;

    DiscoCatalog() {
    }

    @Activate
    public DiscoCatalog(BundleContext context) throws InvalidSyntaxException {
        tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(FILTER), null) {
            @Override
            public Object addingService(ServiceReference<Object> ref) {
                DiscoCatalog.this.add(ref.getProperty(Constants.SERVICE_ID), propertiesOf(ref));
                return ref;
            }

            @Override
            public void modifiedService(ServiceReference<Object> ref, Object same) {
                DiscoCatalog.this.add(ref.getProperty(Constants.SERVICE_ID), propertiesOf(ref));
            }

            @Override
            public void removedService(ServiceReference<Object> ref, Object same) {
                DiscoCatalog.this.remove(ref.getProperty(Constants.SERVICE_ID));
            }
        };
        tracker.open(true);   // every bundle's services, whatever class space they come from
    }

    @Deactivate
    void close() {
        tracker.close();
    }

    void add(Object serviceId, Map<String, ?> props) {
        try {
            byService.put(serviceId, Contribution.of(props));
        } catch (IllegalArgumentException e) {
            byService.remove(serviceId);
            log.log(System.Logger.Level.WARNING, "the component at {0} (service {1}) is left out of service discovery: {2}; fix its {3}",
                    ServiceProperties.strings(props.get(xmpp.core.route.Component.ROUTE)), serviceId, e.getMessage(), Disco.IDENTITY);
        }
    }

    void remove(Object serviceId) {
        byService.remove(serviceId);
    }

    /** The features of the server {@code host}, sorted. */
    SortedSet<String> serverFeatures(String host) {
        return collect(host, Contribution::serverFeatures);
    }

    /** The features of every account of {@code host}, sorted. */
    SortedSet<String> accountFeatures(String host) {
        return collect(host, Contribution::accountFeatures);
    }

    /** The components at subdomains of {@code host}, by address. */
    List<Item> components(String host) {
        Map<String, Item> items = new TreeMap<>();
        for (Contribution c : byService.values())
            for (String route : c.routes())
                if (route.endsWith("." + host)) items.put(route, new Item(route, c.identity().orElse(Identity.COMPONENT)));
        return List.copyOf(items.values());
    }

    /** A component's own discovery: its identity and the features it declares. */
    record ComponentInfo(Identity identity, List<String> features) {
    }

    /**
     * The identity and features of the component routed at {@code domain}, if there is one and
     * it leaves its discovery to this module ({@link Disco#SELF_ANSWERED} not set).
     */
    Optional<ComponentInfo> componentAt(String domain) {
        return byService.values().stream().filter(c -> c.routes().contains(domain) && !c.selfAnswered()).findFirst()
                .map(c -> new ComponentInfo(c.identity().orElse(Identity.COMPONENT), c.componentFeatures()));
    }

    private SortedSet<String> collect(String host, Function<Contribution, Collection<String>> part) {
        SortedSet<String> features = new TreeSet<>();
        for (Contribution c : byService.values()) if (c.serves(host)) features.addAll(part.apply(c));
        return features;
    }

    private static Map<String, Object> propertiesOf(ServiceReference<?> ref) {
        Map<String, Object> props = new HashMap<>();
        for (String key : ref.getPropertyKeys()) props.put(key, ref.getProperty(key));
        return props;
    }
}
