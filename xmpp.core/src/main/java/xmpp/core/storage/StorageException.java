package xmpp.core.storage;

/**
 * The backend failed (the database cannot be reached, a query failed). The message names the
 * backend and the cause; the caller answers the stanza concerned with
 * {@code internal-server-error}, so nothing is lost without the sender knowing.
 */
public final class StorageException extends Exception {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
