/**
 * Stanzas (RFC 6120 section 8): typed views of IQ, message and presence elements, stanza
 * errors with every RFC 6120 condition, and error replies.
 */
@Export
@Version("1.1.0")
package xmpp.core.stanza;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
