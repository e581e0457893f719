package xmpp.core.spi.auth;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.auth.AuthException;
import xmpp.core.auth.Authenticator;

/**
 * SPI: an {@link Authenticator} that keeps SCRAM credentials (RFC 5802, RFC 7677), so client
 * listeners can offer SCRAM for the hosts it serves; for any other authenticator they offer
 * PLAIN alone. The server's stored accounts are one.
 */
@ConsumerType
public interface ScramAuthenticator extends Authenticator {

    /** The stored SCRAM credentials of an account; empty if there is no such account. */
    Optional<ScramCredentials> scramCredentials(String user, String host, ScramMechanism mechanism) throws AuthException;

    /**
     * The PBKDF2 iteration count of new credentials. Listeners give unknown users made-up
     * credentials with it, so that the count does not tell them from real accounts.
     */
    default int scramIterations() {
        return ScramCredentials.DEFAULT_ITERATIONS;
    }
}
