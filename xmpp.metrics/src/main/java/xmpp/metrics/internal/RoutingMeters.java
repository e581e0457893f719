package xmpp.metrics.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import xmpp.core.spi.metrics.RoutingStatistics;

/** Stanzas routed by kind (counters that Prometheus turns into rates) and IQs waiting for their handlers, read from the router's own counts. */
final class RoutingMeters {

    static final String ROUTED = "xmpp.stanzas.routed";
    static final String IQ_QUEUED = "xmpp.iq.queued";

    private RoutingMeters() {
    }

    static void register(RoutingStatistics router, MeterSet set) {
        for (String kind : RoutingStatistics.KINDS)
            set.add(FunctionCounter.builder(ROUTED, router, r -> r.routed(kind)).tag("type", kind)
                    .description("Stanzas routed, by kind").register(set.registry()));   // weakly held: DS holds the router while it is bound
        set.add(Gauge.builder(IQ_QUEUED, router, RoutingStatistics::queuedIqs)
                .description("IQs waiting in the queues of one_queue handlers").strongReference(true).register(set.registry()));
    }
}
