/**
 * SPI of TLS: the server's per-domain certificates as a TLS context, so that every listener of
 * the server (client streams, HTTPS) presents the same certificates and sees the same renewals.
 * Modules never import this package.
 */
@Export
@Version("1.0.0")
package xmpp.core.spi.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
