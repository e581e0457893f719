package xmpp.router.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import xmpp.core.route.IqHandler;
import xmpp.core.spi.metrics.ProbeSlot;
import xmpp.core.spi.metrics.ServerProbe;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.xml.Element;

/**
 * The seed's {@code gen_iq_handler}: a whiteboard of {@link IqHandler} services keyed by
 * scope, host and namespace, each with its own {@link Lane}. Immediate, so a handler
 * registered at any time is served at once.
 */
@Component(service = IqDispatcher.class, immediate = true, configurationPid = ServerConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class IqDispatcher {

    private static final System.Logger log = System.getLogger(IqDispatcher.class.getName());

    private final ClaimRegistry<HandlerKey, Lane> lanes = new ClaimRegistry<>("IQ handler for");
    private final ScheduledThreadPoolExecutor timer;
    private final ProbeSlot probe = new ProbeSlot();
    private volatile Duration timeout;
    private volatile int queueLimit;
    private volatile int parallelLimit;

    @Activate
    public IqDispatcher(ServerConfig config) {
        this(Duration.ofMillis(config.iq_timeout_ms()), config.iq_queue_limit(), config.iq_parallel_limit());
    }

    IqDispatcher(Duration timeout, int queueLimit, int parallelLimit) {
        this.timeout = timeout;
        this.queueLimit = queueLimit;
        this.parallelLimit = parallelLimit;
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("iq-timeouts").factory());
        timer.setRemoveOnCancelPolicy(true);   // most timers are cancelled by an answer: do not keep them
    }

    @Modified
    void modified(ServerConfig config) {
        timeout = Duration.ofMillis(config.iq_timeout_ms());
        queueLimit = config.iq_queue_limit();
        parallelLimit = config.iq_parallel_limit();
    }

    @Deactivate
    public void deactivate() {
        timer.shutdownNow();
    }

    // GREEDY: a module started at any time is served at once.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addIqHandler(IqHandler handler, Map<String, Object> props) {
        var keys = HandlerKey.allOf(props);
        String owner = ServiceProps.owner(props);
        if (keys.isEmpty()) {
            log.log(System.Logger.Level.WARNING, "IQ handler {0} has no {1} property; it gets no IQs", owner, IqHandler.NAMESPACE);
            return;
        }
        String discipline = ServiceProps.string(props, IqHandler.IQDISC, ServiceProps.string(props, IqHandler.DISCIPLINE, IqHandler.ONE_QUEUE));
        lanes.add(handler, keys, Lane.of(discipline, handler, owner, queueLimit, parallelLimit), owner);
    }

    // Runs before the module deactivates: new IQs get service-unavailable at once, queued
    // ones too, and the one running may finish (ejabberd's {wait, Proc}).
    void removeIqHandler(IqHandler handler) {
        Lane lane = lanes.remove(handler);
        if (lane != null) lane.close(timeout);
    }

    // A metrics bundle, when one runs: it is told how long each answer took.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setProbe(ServerProbe bound) {
        probe.bind(bound);
    }

    void unsetProbe(ServerProbe unbound) {
        probe.unbind(unbound);
    }

    /** IQs waiting in the queues of one_queue handlers now. */
    int queued() {
        // A lane holds one key per host and scope: count each lane once.
        Set<Lane> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(lanes.snapshot().values());
        int waiting = 0;
        for (Lane lane : distinct) waiting += lane.queued();
        return waiting;
    }

    /**
     * Hands a get or set to the handler for its namespace, in {@code scope}, on {@code host}
     * (or any host). The reply (result, error, or {@code remote-server-timeout}) goes to
     * {@code replies}, exactly once, maybe on another thread.
     *
     * @return false if no handler is registered: the caller answers {@code service-unavailable}
     */
    boolean dispatch(String scope, String host, Iq iq, Consumer<Element> replies) {
        Lane forHost = lanes.get(new HandlerKey(scope, host, iq.namespace()));
        Lane lane = forHost != null ? forHost : lanes.get(new HandlerKey(scope, IqHandler.ANY_HOST, iq.namespace()));
        if (lane == null) return false;
        IqRequest request = new IqRequest(iq, replies, probe.get());
        Duration limit = timeout;
        if (lane.timed()) {
            request.timeoutTask(timer.schedule(() -> {
                if (request.answer(StanzaError.Condition.REMOTE_SERVER_TIMEOUT, "no answer within " + limit.toMillis() + " ms"))
                    log.log(System.Logger.Level.WARNING, "IQ handler {0} did not answer {1} iq id ''{2}'' within {3} ms; sent remote-server-timeout",
                            lane.owner, iq.namespace(), iq.id(), limit.toMillis());
            }, limit.toMillis(), TimeUnit.MILLISECONDS));
        }
        lane.submit(request);
        return true;
    }
}
