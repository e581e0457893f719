package xmpp.core.auth;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks and changes passwords of one or more hosts: the verbs of ejabberd's external
 * authentication ({@code auth}, {@code isuser}, {@code setpass}, {@code tryregister},
 * {@code removeuser}, {@code removeuser3}). Register it with service property {@link #HOST}
 * (a domain or {@code *}); for a host, the authenticator with the highest
 * {@code service.ranking} wins, so an operator's choice replaces the internal one.
 *
 * <p>User names arrive as the JID's normalized localpart, hosts as its domainpart.
 * {@code false} means no (wrong password, no such user, refused); {@link AuthException} means
 * the question could not be answered. Implementations are thread-safe.
 */
@ConsumerType
public interface Authenticator {

    /** Service property: the domain(s) this authenticator serves, or {@code *}. */
    String HOST = "xmpp.host";

    /** Whether {@code password} is {@code user}'s (ejabberd: {@code auth}). */
    boolean checkPassword(String user, String host, String password) throws AuthException;

    /** Whether the account exists (ejabberd: {@code isuser}). */
    boolean userExists(String user, String host) throws AuthException;

    /** Changes the password (ejabberd: {@code setpass}). */
    boolean setPassword(String user, String host, String password) throws AuthException;

    /** Creates the account if it does not exist (ejabberd: {@code tryregister}); false if not supported. */
    default boolean tryRegister(String user, String host, String password) throws AuthException {
        return false;
    }

    /** Deletes the account (ejabberd: {@code removeuser}); false if not supported. */
    default boolean removeUser(String user, String host) throws AuthException {
        return false;
    }

    /** Deletes the account if {@code password} is right (ejabberd: {@code removeuser3}); false if not supported. */
    default boolean removeUser(String user, String host, String password) throws AuthException {
        return false;
    }
}
