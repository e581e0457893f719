package xmpp.metrics.internal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Meters that read one service, registered while it is bound and removed with it, so that a
 * scrape never shows a number from a bundle that is gone.
 */
final class MeterSet {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    MeterSet(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    /** Keeps {@code meter} for {@link #removeAll()}; returns it. */
    synchronized <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    synchronized void removeAll() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
