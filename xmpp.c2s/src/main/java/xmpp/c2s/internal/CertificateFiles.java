package xmpp.c2s.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What a domain's {@code .crt} and {@code .key} files are on disk now: when they changed, their
 * size and which file they are (a renewal moved into place is a new file, even within the same
 * second). Links are followed, so a link to Let's Encrypt's {@code live/} folder counts as its target.
 */
record CertificateFiles(Path crt, Path key, Stamp crtStamp, Stamp keyStamp) {

    record Stamp(FileTime modified, long size, Object fileKey) {
        static final Stamp MISSING = new Stamp(FileTime.fromMillis(0), -1, null);
    }

    static CertificateFiles of(Path dir, String domain) {
        Path crt = dir.resolve(domain + ".crt");
        Path key = dir.resolve(domain + ".key");
        return new CertificateFiles(crt, key, stamp(crt), stamp(key));
    }

    /** Neither file: the domain gets a self-signed pair. */
    boolean absent() {
        return crtStamp.equals(Stamp.MISSING) && keyStamp.equals(Stamp.MISSING);
    }

    boolean exist() {
        return !crtStamp.equals(Stamp.MISSING) && !keyStamp.equals(Stamp.MISSING);
    }

    boolean sameAs(CertificateFiles other) {
        return other != null && crtStamp.equals(other.crtStamp) && keyStamp.equals(other.keyStamp);
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (IOException e) {
            return Stamp.MISSING;   // absent or unreadable: reading the files says which, when it is tried
        }
    }
}
