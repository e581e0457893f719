package xmpp.core.spi.metrics;

import org.osgi.annotation.versioning.ProviderType;

/** SPI: server-to-server streams open now, for a metrics bundle. A service of the federation bundle. */
@ProviderType
public interface S2SStatistics {

    /** Streams other servers opened to this one. */
    int incoming();

    /** Streams this server opened to others, connected or still connecting. */
    int outgoing();

    /** Stanzas waiting in the outgoing streams' queues. */
    int queued();
}
