package xmpp.shell.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** A file only the server's user may read: secrets (the console token, the first admin password). */
final class PrivateFile {

    private PrivateFile() {
    }

    /**
     * Writes {@code content} to a new file made readable by its owner alone from its creation:
     * written first and restricted afterwards, it could be read in between. Whatever was at
     * that name goes first, so a link planted there is not followed.
     */
    static void write(Path file, byte[] content) throws IOException {
        try {
            Files.deleteIfExists(file);
            try (OutputStream out = Files.newOutputStream(Files.createFile(file, ownerOnly(file)), StandardOpenOption.WRITE)) {
                out.write(content);
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix"))
            return new FileAttribute<?>[0];   // not POSIX: the data folder's own permissions are all there is
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}
