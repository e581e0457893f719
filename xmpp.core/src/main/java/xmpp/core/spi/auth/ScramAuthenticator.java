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
     * Credentials for an account that does not exist, which a client cannot tell from a real
     * account's: the salt the same for a name every time it is asked for (on every listener and
     * node, after restarts) and the iteration count that new credentials get. They match no
     * password. Listeners answer a SCRAM login for an unknown user with them.
     */
    ScramCredentials madeUpCredentials(String user, String host, ScramMechanism mechanism) throws AuthException;
}
