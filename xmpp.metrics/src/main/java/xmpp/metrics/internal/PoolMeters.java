package xmpp.metrics.internal;

import io.micrometer.core.instrument.Gauge;
import xmpp.core.spi.metrics.PoolStatistics;

/** The storage bundle's database connection pool: connections lent out and idle, its size, and who waits. */
final class PoolMeters {

    static final String CONNECTIONS = "xmpp.db.pool.connections";
    static final String MAX = "xmpp.db.pool.max";
    static final String WAITING = "xmpp.db.pool.waiting";

    private PoolMeters() {
    }

    static void register(PoolStatistics pool, MeterSet set) {
        set.add(Gauge.builder(CONNECTIONS, pool, PoolStatistics::active).tag("state", "active")
                .description("Database connections, lent out or idle").strongReference(true).register(set.registry()));
        set.add(Gauge.builder(CONNECTIONS, pool, PoolStatistics::idle).tag("state", "idle")
                .description("Database connections, lent out or idle").strongReference(true).register(set.registry()));
        set.add(Gauge.builder(MAX, pool, PoolStatistics::max)
                .description("The most connections the pool opens").strongReference(true).register(set.registry()));
        set.add(Gauge.builder(WAITING, pool, PoolStatistics::waiting)
                .description("Threads waiting for a database connection").strongReference(true).register(set.registry()));
    }
}
