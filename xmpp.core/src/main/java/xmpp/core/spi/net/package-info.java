/**
 * SPI of network addresses, for the server's own bundles that decide by a client's address
 * (the HTTP service's trusted proxies, the web console's allowed addresses): one parser of IP
 * literals, so that each such decision reads an address the same way.
 */
@Export
@Version("1.0.0")
package xmpp.core.spi.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
