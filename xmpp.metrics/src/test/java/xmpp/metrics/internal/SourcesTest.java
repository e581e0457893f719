package xmpp.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Meters come and go with the services they read, as DS binds and unbinds them. */
class SourcesTest {

    interface Counted {
        int count();
    }

    interface Named {
        String name();
    }

    /** One object that is two sources, as the router is Sessions and RoutingStatistics. */
    record Both(int count, String name) implements Counted, Named {
    }

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Sources sources = new Sources(registry);

    static void countMeter(Counted c, MeterSet set) {
        set.add(Gauge.builder("count", c, Counted::count).strongReference(true).register(set.registry()));
    }

    static void nameMeter(Named n, MeterSet set) {
        set.add(Gauge.builder("named", n, x -> x.name().length()).strongReference(true).register(set.registry()));
    }

    double count() {
        return registry.get("count").gauge().value();
    }

    @Test
    void oneObjectMayBeTwoSourcesAndEachGoesOnItsOwn() {
        Both router = new Both(3, "router");
        sources.bind(Counted.class, router, SourcesTest::countMeter);
        sources.bind(Named.class, router, SourcesTest::nameMeter);
        assertEquals(3, count());
        assertEquals(6, registry.get("named").gauge().value());
        assertTrue(sources.unbind(Named.class, router));
        assertTrue(registry.find("named").gauges().isEmpty());
        assertEquals(3, count(), "the other source of the same object stays");
    }

    @Test
    void aBetterServiceBoundBeforeTheOldIsUnboundIsTheOneRead() {
        Both old = new Both(1, "old");
        Both better = new Both(2, "better");
        sources.bind(Counted.class, old, SourcesTest::countMeter);
        sources.bind(Counted.class, better, SourcesTest::countMeter);   // greedy: bind the new first
        assertEquals(2, count(), "the new service, not the old meter handed back");
        assertFalse(sources.unbind(Counted.class, old), "the old one's late unbind");
        assertEquals(2, count(), "takes nothing away");
        assertTrue(sources.unbind(Counted.class, better));
        assertTrue(registry.find("count").gauges().isEmpty(), "no number from a service that is gone");
    }
}
