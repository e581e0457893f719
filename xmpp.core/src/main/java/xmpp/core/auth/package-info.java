/** How a password is checked: the {@link xmpp.core.auth.Authenticator} SPI. */
@Export
@Version("1.0.0")
package xmpp.core.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
