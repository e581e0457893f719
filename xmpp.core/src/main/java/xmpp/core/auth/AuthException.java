package xmpp.core.auth;

/**
 * The check could not be made: the backend failed (a database down, an external program
 * that died or timed out). Not a wrong password, which is {@code false}.
 */
public final class AuthException extends Exception {

    public AuthException(String message) {
        super(message);
    }

    public AuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
