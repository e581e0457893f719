package xmpp.mod.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import xmpp.core.jid.Jid;

/**
 * Files in a folder: {@code <id>} holds the bytes, {@code <id>.properties} the record. A file
 * being written is {@code <id>.part} until it is whole, so a crash never leaves a half file
 * that looks stored. The records are kept in memory too, read once at start.
 */
final class DiskFileStore implements FileStore {

    private static final System.Logger log = System.getLogger(DiskFileStore.class.getName());

    private final Path dir;
    private final Map<String, StoredFile> records = new ConcurrentHashMap<>();

    DiskFileStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (DirectoryStream<Path> metas = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path meta : metas) {
                try {
                    StoredFile f = read(meta);
                    if (Files.exists(body(f.id()))) records.put(f.id(), f);
                } catch (IOException | RuntimeException e) {
                    log.log(System.Logger.Level.WARNING, "upload record {0} cannot be read: {1}; its file is not served (delete both)", meta, e.getMessage());
                }
            }
        }
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "*.part")) {
            for (Path part : parts) Files.deleteIfExists(part);   // uploads a stop cut short
        }
    }

    @Override
    public void put(StoredFile file, InputStream body) throws IOException {
        Path part = dir.resolve(file.id() + ".part");
        long written;
        try (OutputStream out = Files.newOutputStream(part)) {
            written = copy(body, out, file.size());
        }
        if (written != file.size()) {
            Files.deleteIfExists(part);
            throw new WrongSize("the body has " + (written > file.size() ? "more than " : "") + written + " bytes, the slot " + file.size());
        }
        write(file);
        Files.move(part, body(file.id()), StandardCopyOption.ATOMIC_MOVE);
        records.put(file.id(), file);
    }

    /** Copies at most {@code limit + 1} bytes: one more is enough to know the body is too long. */
    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[16384];
        long total = 0;
        int n;
        while (total <= limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - total))) != -1) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    @Override
    public Optional<StoredFile> find(String id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public InputStream open(String id) throws IOException {
        return Files.newInputStream(body(id));
    }

    @Override
    public void delete(String id) throws IOException {
        records.remove(id);
        Files.deleteIfExists(body(id));
        Files.deleteIfExists(dir.resolve(id + ".properties"));
    }

    @Override
    public List<StoredFile> all() {
        return List.copyOf(records.values());
    }

    private Path body(String id) {
        return dir.resolve(id);
    }

    private void write(StoredFile f) throws IOException {
        Properties p = new Properties();
        p.setProperty("owner", f.owner().toString());
        p.setProperty("name", f.name());
        p.setProperty("type", f.contentType());
        p.setProperty("size", Long.toString(f.size()));
        p.setProperty("stored", f.stored().toString());
        try (Writer w = Files.newBufferedWriter(dir.resolve(f.id() + ".properties"), StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
    }

    private static StoredFile read(Path meta) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String name = meta.getFileName().toString();
        return new StoredFile(name.substring(0, name.length() - ".properties".length()), Jid.of(p.getProperty("owner")), p.getProperty("name"),
                p.getProperty("type"), Long.parseLong(p.getProperty("size")), Instant.parse(p.getProperty("stored")));
    }
}
