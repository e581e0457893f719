/**
 * SPI of connection streams: the hardened parser fed by a socket ({@link xmpp.core.spi.stream.StreamReader}),
 * stream headers and limits, for the server's listeners (client, server-to-server, WebSocket).
 * Modules parse with {@link xmpp.core.stream.XmlStreams} instead and never import this package.
 */
@Export
@Version("1.1.0")
package xmpp.core.spi.stream;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
