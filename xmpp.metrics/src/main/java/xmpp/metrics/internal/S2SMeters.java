package xmpp.metrics.internal;

import io.micrometer.core.instrument.Gauge;
import xmpp.core.spi.metrics.S2SStatistics;

/** Server-to-server streams open now, by direction, and the stanzas waiting for the outgoing ones. */
final class S2SMeters {

    static final String STREAMS = "xmpp.s2s.streams";
    static final String QUEUED = "xmpp.s2s.queued";

    private S2SMeters() {
    }

    static void register(S2SStatistics s2s, MeterSet set) {
        set.add(Gauge.builder(STREAMS, s2s, S2SStatistics::incoming).tag("direction", "in")
                .description("Server-to-server streams open, by direction").strongReference(true).register(set.registry()));
        set.add(Gauge.builder(STREAMS, s2s, S2SStatistics::outgoing).tag("direction", "out")
                .description("Server-to-server streams open, by direction").strongReference(true).register(set.registry()));
        set.add(Gauge.builder(QUEUED, s2s, S2SStatistics::queued)
                .description("Stanzas waiting in the outgoing server-to-server streams").strongReference(true).register(set.registry()));
    }
}
