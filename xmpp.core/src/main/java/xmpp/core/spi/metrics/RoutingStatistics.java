package xmpp.core.spi.metrics;

import org.osgi.annotation.versioning.ProviderType;

/** SPI: what the router counts anyway, for a metrics bundle to read when it is scraped. A service of the router bundle. */
@ProviderType
public interface RoutingStatistics {

    /** The kinds of stanza {@link #routed(String)} tells apart; anything else counts as {@code other}. */
    java.util.List<String> KINDS = java.util.List.of("message", "presence", "iq", "other");

    /** Stanzas of {@code kind} (one of {@link #KINDS}) routed since the router started. */
    long routed(String kind);

    /** IQs waiting in the queues of {@code one_queue} handlers now. */
    int queuedIqs();
}
