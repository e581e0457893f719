package xmpp.metrics.internal;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.Servlet;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import xmpp.core.route.Sessions;
import xmpp.core.spi.metrics.PoolStatistics;
import xmpp.core.spi.metrics.RoutingStatistics;
import xmpp.core.spi.metrics.S2SStatistics;
import xmpp.core.spi.metrics.ServerProbe;

/**
 * The server's metrics for Prometheus: one Micrometer registry, fed by the services the server's
 * bundles register (read at each scrape) and by the {@link ServerProbe} this component
 * registers (told by the core as things happen), served at {@code path} of the HTTP service.
 * Every source is optional and dynamic: a bundle that is missing has no meters, and the server
 * runs exactly as before without this bundle. A configuration change restarts the component,
 * and its counters start again from zero, which Prometheus's rate() takes as a reset.
 */
@Component(immediate = true, configurationPid = MetricsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MetricsConfig.class)
public final class MetricsService {

    private static final System.Logger log = System.getLogger(MetricsService.class.getName());
    private static final String DEFAULT_PATH = "/metrics";

    private final boolean enabled;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();   // listens to the collectors' notifications until closed
    private final Sources sources = new Sources(registry);
    private volatile SessionMeters sessions;
    private ServiceRegistration<ServerProbe> probe;
    private ServiceRegistration<Servlet> endpoint;

    @Activate
    public MetricsService(MetricsConfig config, BundleContext context) {
        this.enabled = config.enabled();
        if (!enabled) {
            log.log(System.Logger.Level.INFO, "metrics are off (enabled=false in etc/{0}.cfg): nothing is measured or served", MetricsConfig.PID);
            return;
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        probe = context.registerService(ServerProbe.class, new ProbeMeters(registry), null);
        String path = endpointPath(config.path());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", path);
        props.put("osgi.http.whiteboard.servlet.name", "xmpp-metrics");
        endpoint = context.registerService(Servlet.class, new MetricsServlet(registry, new ScrapeAccess(config.token()), this::refresh), props);
        log.log(System.Logger.Level.INFO, "metrics at {0} of the HTTP service, for {1}", path,
                config.token().isBlank() ? "loopback only" : "loopback and bearer-token holders");
    }

    static String endpointPath(String configured) {
        String path = configured.strip();
        if (path.startsWith("/") && path.length() > 1 && !path.contains("*") && !path.endsWith("/")) return path;
        log.log(System.Logger.Level.ERROR, "path ''{0}'' in etc/{1}.cfg is no path like /metrics; serving {2}", configured, MetricsConfig.PID, DEFAULT_PATH);
        return DEFAULT_PATH;
    }

    @Deactivate
    void deactivate() {
        if (endpoint != null) endpoint.unregister();
        if (probe != null) probe.unregister();
        gc.close();
        registry.close();
    }

    private void refresh() {
        SessionMeters s = sessions;
        if (s != null) s.refresh();
    }

    // ---- sources, each optional: their meters exist while they are bound

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setSessions(Sessions bound) {
        if (enabled) sources.bind(Sessions.class, bound, (s, set) -> sessions = new SessionMeters(s, set));
    }

    void unsetSessions(Sessions unbound) {
        if (sources.unbind(Sessions.class, unbound)) sessions = null;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setRouting(RoutingStatistics bound) {
        if (enabled) sources.bind(RoutingStatistics.class, bound, RoutingMeters::register);
    }

    void unsetRouting(RoutingStatistics unbound) {
        sources.unbind(RoutingStatistics.class, unbound);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setS2S(S2SStatistics bound) {
        if (enabled) sources.bind(S2SStatistics.class, bound, S2SMeters::register);
    }

    void unsetS2S(S2SStatistics unbound) {
        sources.unbind(S2SStatistics.class, unbound);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setPool(PoolStatistics bound) {
        if (enabled) sources.bind(PoolStatistics.class, bound, PoolMeters::register);
    }

    void unsetPool(PoolStatistics unbound) {
        sources.unbind(PoolStatistics.class, unbound);
    }
}
