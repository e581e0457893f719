/**
 * XML streams (RFC 6120 section 4): the hardened parser for strings and for connections,
 * stream headers, limits and stream errors. The seed's module {@code xml_stream}.
 */
@Export
@Version("1.1.0")
package xmpp.core.stream;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
