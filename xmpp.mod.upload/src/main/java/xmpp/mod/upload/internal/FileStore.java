package xmpp.mod.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import xmpp.core.jid.Jid;

/**
 * Where uploaded files live. {@link DiskFileStore} keeps them in {@code data/upload}; another
 * store (an object store, a database) implements these five calls.
 */
interface FileStore {

    /** A stored file's record: whose it is, what it is called and what it holds. */
    record StoredFile(String id, Jid owner, String name, String contentType, long size, Instant stored) { }

    /** Thrown by {@link #put} when the body is not exactly the announced size; nothing is kept. */
    final class WrongSize extends IOException {
        private static final long serialVersionUID = 1L;

        WrongSize(String message) {
            super(message);
        }
    }

    /** Stores {@code body}, which must be exactly {@code file.size()} bytes; read no further than that. */
    void put(StoredFile file, InputStream body) throws IOException;

    Optional<StoredFile> find(String id);

    /** The file's bytes; the caller closes the stream. */
    InputStream open(String id) throws IOException;

    void delete(String id) throws IOException;

    /** Every stored file's record: for quotas and expiry. */
    List<StoredFile> all();
}
