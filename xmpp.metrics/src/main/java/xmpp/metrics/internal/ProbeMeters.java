package xmpp.metrics.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import xmpp.core.spi.metrics.ServerProbe;

/**
 * The events the core tells ({@link ServerProbe}) as meters: IQ latency by namespace, and
 * authentications by mechanism and outcome. Called on the routing and login threads, so a meter
 * is looked up in a map (no lock, no allocation once it exists) and only the first event of a
 * kind builds one. Namespaces come from registered handlers and mechanisms from those offered,
 * so the number of series stays bounded whatever clients send.
 */
final class ProbeMeters implements ServerProbe {

    static final String IQ_LATENCY = "xmpp.iq.latency";
    static final String AUTHENTICATIONS = "xmpp.authentications";

    // Buckets a Prometheus histogram_quantile can work with, for answers from a memory lookup to a timeout.
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
    private final Map<String, Counter> succeeded = new ConcurrentHashMap<>();
    private final Map<String, Counter> failed = new ConcurrentHashMap<>();

    ProbeMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void iqAnswered(String namespace, long nanos) {
        Timer timer = latencies.get(namespace);
        if (timer == null) timer = latencies.computeIfAbsent(namespace, this::latencyTimer);
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void authenticated(String mechanism, boolean success) {
        Map<String, Counter> counters = success ? succeeded : failed;
        Counter counter = counters.get(mechanism);
        if (counter == null) counter = counters.computeIfAbsent(mechanism, m -> authCounter(m, success));
        counter.increment();
    }

    private Timer latencyTimer(String namespace) {
        return Timer.builder(IQ_LATENCY).description("Time from an IQ's hand-over to its handler until its answer")
                .tag("namespace", namespace).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    private Counter authCounter(String mechanism, boolean success) {
        return Counter.builder(AUTHENTICATIONS).description("Client authentications (SASL) that ended, by mechanism and outcome")
                .tag("mechanism", mechanism).tag("outcome", success ? "ok" : "failed").register(registry);
    }
}
