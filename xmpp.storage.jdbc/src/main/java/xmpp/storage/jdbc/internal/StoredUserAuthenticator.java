package xmpp.storage.jdbc.internal;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.auth.AuthException;
import xmpp.core.auth.Authenticator;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;
import xmpp.core.spi.auth.AccountDirectory;
import xmpp.core.spi.auth.ScramAuthenticator;
import xmpp.core.spi.auth.ScramCredentials;
import xmpp.core.spi.auth.ScramMechanism;
import xmpp.core.spi.storage.UserStore;
import xmpp.core.storage.StorageException;

/**
 * The internal authenticator: accounts of the {@link UserStore}, for every host. Ranked low,
 * so an authenticator an operator chooses for a host (external auth) replaces it there.
 */
@Component(service = Authenticator.class, property = {Authenticator.HOST + "=*", "service.ranking:Integer=-100"})
public final class StoredUserAuthenticator implements ScramAuthenticator, AccountDirectory {

    @FunctionalInterface
    private interface AccountCall<T> {
        T run(Jid account) throws StorageException;
    }

    private final UserStore users;
    private final ScramCredentials decoy;   // what a password for an account that does not exist is checked against

    @Activate
    public StoredUserAuthenticator(@Reference UserStore users) {
        this.users = users;
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        this.decoy = new ScramCredentials(ScramMechanism.SHA_256, salt, users.scramIterations(), new byte[32], new byte[32]);
    }

    /**
     * An unknown user costs the same PBKDF2 work as a known one (the configured iteration
     * count), so the response time does not tell which accounts exist.
     */
    @Override
    public boolean checkPassword(String user, String host, String password) throws AuthException {
        Optional<ScramCredentials> stored = onAccount(user, host, Optional.empty(), a -> users.credentials(a, ScramMechanism.SHA_256));
        boolean matches = stored.orElse(decoy).matches(password);
        return stored.isPresent() && matches;
    }

    @Override
    public boolean userExists(String user, String host) throws AuthException {
        return onAccount(user, host, false, users::exists);
    }

    @Override
    public boolean setPassword(String user, String host, String password) throws AuthException {
        return onAccount(user, host, false, a -> users.setPassword(a, password));
    }

    @Override
    public boolean tryRegister(String user, String host, String password) throws AuthException {
        return onAccount(user, host, false, a -> users.create(a, password));
    }

    @Override
    public boolean removeUser(String user, String host) throws AuthException {
        return onAccount(user, host, false, users::delete);
    }

    @Override
    public boolean removeUser(String user, String host, String password) throws AuthException {
        return checkPassword(user, host, password) && removeUser(user, host);
    }

    @Override
    public Optional<ScramCredentials> scramCredentials(String user, String host, ScramMechanism mechanism) throws AuthException {
        return onAccount(user, host, Optional.empty(), a -> users.credentials(a, mechanism));
    }

    @Override
    public long count(String host) throws AuthException {
        try {
            return users.count(host);
        } catch (StorageException e) {
            throw new AuthException(e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String host, int offset, int limit) throws AuthException {
        try {
            return users.list(host, offset, limit);
        } catch (StorageException e) {
            throw new AuthException(e.getMessage(), e);
        }
    }

    @Override
    public ScramCredentials madeUpCredentials(String user, String host, ScramMechanism mechanism) throws AuthException {
        String name;
        try {
            name = Jid.of(user, host, "").toString();   // as accounts are named: "Romeo" gets romeo's salt
        } catch (JidFormatException e) {
            name = user + "@" + host;   // no account can have it
        }
        try {
            return users.madeUpCredentials(name, mechanism);
        } catch (StorageException e) {
            throw new AuthException(e.getMessage(), e);
        }
    }

    /** Runs {@code call} on the account; {@code none} for a name that cannot be an account, so exists nowhere. */
    private static <T> T onAccount(String user, String host, T none, AccountCall<T> call) throws AuthException {
        Jid account;
        try {
            account = Jid.of(user, host, "");
        } catch (JidFormatException e) {
            return none;
        }
        try {
            return call.run(account);
        } catch (StorageException e) {
            throw new AuthException(e.getMessage(), e);
        }
    }
}
