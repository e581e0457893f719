package xmpp.core.spi.metrics;

import org.osgi.annotation.versioning.ProviderType;

/** SPI: the storage bundle's database connection pool, now. A service of the storage bundle. */
@ProviderType
public interface PoolStatistics {

    /** Connections lent out. */
    int active();

    /** Connections open and free. */
    int idle();

    /** The most connections the pool opens. */
    int max();

    /** Threads waiting for a connection. */
    int waiting();
}
