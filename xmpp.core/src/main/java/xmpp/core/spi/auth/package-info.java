/**
 * SPI of authentication: SCRAM (RFC 5802, RFC 7677) computation and credentials, the
 * {@link xmpp.core.spi.auth.ScramAuthenticator} that stored accounts implement, and the registry
 * that picks a host's authenticator. For the server's listeners and storage; an authentication
 * module implements {@link xmpp.core.auth.Authenticator} from the module API instead.
 */
@Export
@Version("2.0.0")
package xmpp.core.spi.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
