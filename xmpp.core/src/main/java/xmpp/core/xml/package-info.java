/** Immutable XML model of the seed: {@link xmpp.core.xml.Element} and {@link xmpp.core.xml.Text}. */
@Export
@Version("1.0.0")
package xmpp.core.xml;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
