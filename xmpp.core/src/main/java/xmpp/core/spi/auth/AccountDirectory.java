package xmpp.core.spi.auth;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.auth.AuthException;
import xmpp.core.auth.Authenticator;

/**
 * SPI: an {@link Authenticator} that can also count and list the accounts it keeps, as the
 * server's stored accounts can and an external program cannot. {@code Accounts} answers
 * {@code count} and {@code list} through it.
 */
@ConsumerType
public interface AccountDirectory extends Authenticator {

    long count(String host) throws AuthException;

    /** Account names (localparts) of {@code host}, sorted, one page of them. */
    List<String> list(String host, int offset, int limit) throws AuthException;
}
