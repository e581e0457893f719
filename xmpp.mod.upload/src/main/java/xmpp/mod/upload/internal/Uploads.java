package xmpp.mod.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaException;
import xmpp.mod.upload.internal.FileStore.StoredFile;

/**
 * XEP-0363's rules, without XMPP or HTTP around them: a slot is granted to a user for one
 * file of a given size within her quota; the PUT that carries the slot's secret stores
 * exactly that many bytes, once; the file is served until it expires, or until its owner's
 * account is deleted.
 */
final class Uploads {

    private static final System.Logger log = System.getLogger(Uploads.class.getName());
    private static final int MOST_PENDING_SLOTS_PER_USER = 32;

    record Limits(long maxFileBytes, long quotaBytes, Duration expiry, Duration slotLifetime) { }

    /** A granted slot: where to PUT (with the {@code Authorization} value) and where the file will be. */
    record Slot(String id, Jid owner, String name, long size, String contentType, String secret, Instant expires) {
        String authorization() {
            return "Bearer " + secret;
        }
    }

    /** What a PUT gets, as an HTTP status with a reason for the client and the log. */
    record Outcome(int status, String reason) { }

    private final FileStore store;
    private final Limits limits;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Slot> pending = new ConcurrentHashMap<>();

    Uploads(FileStore store, Limits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    Limits limits() {
        return limits;
    }

    /**
     * A slot for {@code owner}'s file.
     *
     * @throws StanzaException {@code not-acceptable} (with the limit, for the caller to add as
     *         {@code <file-too-large/>}) over the size limit, {@code resource-constraint} over the quota
     */
    synchronized Slot requestSlot(Jid owner, String filename, long size, String contentType) throws StanzaException {
        if (size <= 0) throw new StanzaException(StanzaError.Condition.BAD_REQUEST, "size must be a positive number of bytes");
        if (size > limits.maxFileBytes())
            throw new StanzaException(StanzaError.Condition.NOT_ACCEPTABLE, "the file is larger than " + limits.maxFileBytes() + " bytes");
        Jid account = owner.bare();
        dropLapsedSlots();
        long pendingCount = pending.values().stream().filter(s -> s.owner().equals(account)).count();
        if (pendingCount >= MOST_PENDING_SLOTS_PER_USER)
            throw new StanzaException(StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT, "too many uploads waiting: finish some first"));
        long used = usedBy(account);
        if (used + size > limits.quotaBytes())
            throw new StanzaException(new StanzaError(StanzaError.Type.WAIT, StanzaError.Condition.RESOURCE_CONSTRAINT,
                    "quota exceeded: " + used + " of " + limits.quotaBytes() + " bytes in use, or promised to uploads in progress"));
        Slot slot = new Slot(token(16), account, safeName(filename), size, safeType(contentType), token(24), clock.instant().plus(limits.slotLifetime()));
        pending.put(slot.id(), slot);
        return slot;
    }

    /** The path below the upload endpoint: {@code <id>/<name>}, the name percent-encoded. */
    static String path(Slot slot) {
        return slot.id() + "/" + URLEncoder.encode(slot.name(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Stores the body of a PUT to slot {@code id}, if {@code authorization} is the slot's. */
    Outcome put(String id, String authorization, long contentLength, InputStream body) {
        Slot slot = pending.get(id);
        if (slot == null || slot.expires().isBefore(clock.instant()))
            return store.find(id).isPresent() ? new Outcome(409, "this slot's file is stored already")
                    : new Outcome(404, "no such upload slot, or it has lapsed: request another");
        if (authorization == null || !MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8), slot.authorization().getBytes(StandardCharsets.UTF_8)))
            return new Outcome(403, "this slot is another upload's: send the Authorization header of your own slot");
        if (contentLength < 0) return new Outcome(411, "Content-Length is required");
        if (contentLength > slot.size()) return new Outcome(413, "the slot is for " + slot.size() + " bytes, the body has " + contentLength);
        if (contentLength != slot.size()) return new Outcome(400, "the slot is for " + slot.size() + " bytes, the body has " + contentLength);
        if (!pending.remove(id, slot)) return new Outcome(409, "this slot is being used by another request");
        try {
            store.put(new StoredFile(id, slot.owner(), slot.name(), slot.contentType(), slot.size(), clock.instant()), body);
            return new Outcome(201, "stored");
        } catch (FileStore.WrongSize e) {
            pending.put(id, slot);   // the client may try again
            return new Outcome(400, e.getMessage());
        } catch (IOException e) {
            pending.put(id, slot);
            log.log(System.Logger.Level.WARNING, "upload {0} of {1} failed: {2}; the client may try again", id, slot.owner(), e.getMessage());
            return new Outcome(500, "the file could not be stored");
        }
    }

    /** A stored file that has not expired; an expired one is deleted when asked for. */
    Optional<StoredFile> find(String id) {
        Optional<StoredFile> found = store.find(id);
        if (found.isPresent() && expired(found.get())) {
            delete(found.get());
            return Optional.empty();
        }
        return found;
    }

    InputStream open(StoredFile file) throws IOException {
        return store.open(file.id());
    }

    /** Deletes the expired files and lapsed slots; returns how many files went. */
    int expire() {
        dropLapsedSlots();
        int n = 0;
        for (StoredFile f : store.all()) if (expired(f) && delete(f)) n++;
        return n;
    }

    /** Deletes every file and slot of {@code account}; returns how many files went. */
    int deleteAll(Jid account) {
        pending.values().removeIf(s -> s.owner().equals(account));
        int n = 0;
        for (StoredFile f : store.all()) if (f.owner().equals(account) && delete(f)) n++;
        return n;
    }

    private boolean delete(StoredFile f) {
        try {
            store.delete(f.id());
            return true;
        } catch (IOException e) {
            log.log(System.Logger.Level.WARNING, "upload {0} of {1} cannot be deleted: {2}; it is tried again at the next expiry run", f.id(), f.owner(), e.getMessage());
            return false;
        }
    }

    private boolean expired(StoredFile f) {
        return !f.stored().plus(limits.expiry()).isAfter(clock.instant());
    }

    private long usedBy(Jid account) {
        long stored = store.all().stream().filter(f -> f.owner().equals(account) && !expired(f)).mapToLong(StoredFile::size).sum();
        long promised = pending.values().stream().filter(s -> s.owner().equals(account)).mapToLong(Slot::size).sum();
        return stored + promised;
    }

    private void dropLapsedSlots() {
        Instant now = clock.instant();
        pending.values().removeIf(s -> s.expires().isBefore(now));
    }

    /** Whether {@code id} can be a slot's: anything else in a URL (dots, slashes) never reaches the store. */
    static boolean isId(String id) {
        return id != null && id.matches("[A-Za-z0-9_-]{16,64}");
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The last path segment, without control characters, at most 200 characters. */
    static String safeName(String filename) {
        String name = filename == null ? "" : filename.replaceAll(".*[/\\\\]", "").replaceAll("\\p{Cntrl}", "").strip();
        if (name.length() > 200) name = name.substring(name.length() - 200);
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "file" : name;
    }

    /** A {@code type/subtype} as the client said, else {@code application/octet-stream}. */
    static String safeType(String contentType) {
        String type = contentType == null ? "" : contentType.strip().toLowerCase(java.util.Locale.ROOT);
        return type.matches("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}") ? type : "application/octet-stream";
    }
}
