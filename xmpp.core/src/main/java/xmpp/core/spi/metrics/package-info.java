/**
 * SPI of metrics: what the server's own bundles tell a metrics bundle, and what they let it read.
 * Events that only the core sees (an IQ answered, a login) go to a {@link ServerProbe} service
 * when one is registered, through a {@link ProbeSlot}; without one they cost a volatile read.
 * Counts the core keeps anyway (stanzas routed, streams, the connection pool) are read on demand
 * from services the bundles register, so that nothing is counted twice on the routing path.
 * Modules never import this package.
 */
@Export
@Version("1.0.0")
package xmpp.core.spi.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
