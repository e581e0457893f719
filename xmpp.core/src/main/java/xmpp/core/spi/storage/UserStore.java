package xmpp.core.spi.storage;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;
import xmpp.core.spi.auth.ScramCredentials;
import xmpp.core.spi.auth.ScramMechanism;
import xmpp.core.storage.StorageException;

/**
 * Accounts. Passwords are never stored: {@link #create} and {@link #setPassword} keep SCRAM
 * credentials for every {@link ScramMechanism} (RFC 5802, RFC 7677), from which both SCRAM and
 * PLAIN logins are checked. Accounts are bare JIDs ({@code user@host}).
 */
@ProviderType
public interface UserStore {

    /** Creates the account; false if it exists already. */
    boolean create(Jid account, String password) throws StorageException;

    /** Deletes the account and everything stored for it (roster, offline messages, private XML, vCard); false if there was none. */
    boolean delete(Jid account) throws StorageException;

    boolean exists(Jid account) throws StorageException;

    /** Replaces the credentials; false if the account does not exist. */
    boolean setPassword(Jid account, String password) throws StorageException;

    /** The stored credentials of one mechanism, if the account exists. */
    Optional<ScramCredentials> credentials(Jid account, ScramMechanism mechanism) throws StorageException;

    /** The PBKDF2 iteration count that {@link #create} and {@link #setPassword} give new credentials (configured). */
    int scramIterations();

    /**
     * Credentials for an account that does not exist, that look like a real one's: a salt made
     * from {@code name} and a secret this store keeps (so the same for a name on every node and
     * after restarts), {@link #scramIterations()}, and keys that match no password.
     */
    ScramCredentials madeUpCredentials(String name, ScramMechanism mechanism) throws StorageException;

    /** Account names (localparts) of {@code host}, sorted, one page of them. */
    List<String> list(String host, int offset, int limit) throws StorageException;

    long count(String host) throws StorageException;
}
