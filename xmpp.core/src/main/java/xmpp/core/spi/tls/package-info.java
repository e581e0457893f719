/**
 * SPI of TLS: the served domains' certificates, as the client listener keeps them (loaded or
 * made on first use, reloaded after a renewal), for the server's other listeners, such as the
 * server-to-server streams, so that every port presents the same certificate for a domain.
 */
@Export
@Version("1.0.0")
package xmpp.core.spi.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
