/** JIDs per RFC 7622, normalized with the PRECIS profiles of RFC 8264 and RFC 8265. */
@Export
@Version("1.0.0")
package xmpp.core.jid;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
