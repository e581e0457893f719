/**
 * SPI of account storage: stored SCRAM credentials, for the server's storage and its internal
 * authenticator. Modules create, check and remove accounts through
 * {@link xmpp.core.auth.Authenticator}, which also works for external authentication.
 */
@Export
@Version("1.1.0")
package xmpp.core.spi.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
