/**
 * SPI of routing: what only the server's own bundles implement or call. The session manager as a
 * client listener drives it, the cluster-wide session and route tables, the link between the
 * nodes of a cluster, and the server-to-server seam. Modules never import this package: it may
 * change faster than the module API ({@code xmpp.core.route}), and a major version here breaks
 * only the server's bundles, which ship together.
 */
@Export
@Version("1.4.0")
package xmpp.core.spi.route;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
