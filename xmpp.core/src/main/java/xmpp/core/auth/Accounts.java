package xmpp.core.auth;

import java.util.List;
import java.util.OptionalLong;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;

/**
 * The accounts of the served domains, as modules manage them (in-band registration, service
 * administration): each call goes to the {@link Authenticator} that serves the account's host,
 * the server's stored accounts or an operator's external program alike. A service the server
 * provides; thread-safe. Accounts are bare JIDs; {@link AuthException} means the question could
 * not be answered (no authenticator serves the host, or it failed).
 *
 * @since 1.1
 */
@ProviderType
public interface Accounts {

    boolean exists(Jid account) throws AuthException;

    boolean checkPassword(Jid account, String password) throws AuthException;

    /** Creates the account; false if it exists already or the host's authenticator does not create accounts. */
    boolean create(Jid account, String password) throws AuthException;

    /** Changes the password; false if there is no such account or the authenticator refuses. */
    boolean setPassword(Jid account, String password) throws AuthException;

    /**
     * Deletes the account, and with it what the server keeps for it (roster, offline messages,
     * private XML, vCard); false if there was none or the authenticator refuses. Its sessions
     * stay: close them through {@code Sessions}.
     */
    boolean delete(Jid account) throws AuthException;

    /** How many accounts {@code host} has; empty when its authenticator cannot tell (an external program). */
    OptionalLong count(String host) throws AuthException;

    /** The account names (localparts) of {@code host}, sorted, one page; empty when its authenticator cannot tell. */
    List<String> list(String host, int offset, int limit) throws AuthException;
}
