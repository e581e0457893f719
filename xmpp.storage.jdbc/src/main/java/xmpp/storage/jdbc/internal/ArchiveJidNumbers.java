package xmpp.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import xmpp.core.storage.StorageException;

/**
 * The numbers that stand for bare JIDs (archive owners and correspondents) in the message archive
 * (schema V10, table {@code xmpp_archive_jids}). A number, once given, is never taken back or given
 * to another JID, so every node may cache it for good.
 */
final class ArchiveJidNumbers {

    /** Beyond this many cached JIDs the cache starts again: a bound on memory, not on correctness. */
    private static final int CACHED_AT_MOST = 100_000;

    private final Database db;
    private final Map<String, Integer> cached = new ConcurrentHashMap<>();

    ArchiveJidNumbers(Database db) {
        this.db = db;
    }

    /**
     * The numbers of these JIDs, giving each that has none its own in a transaction of its own, so
     * that a batch that fails afterwards leaves no number cached that the database does not hold.
     */
    Map<String, Integer> numbers(Set<String> jids) throws StorageException {
        Map<String, Integer> numbers = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String jid : jids) {
            Integer known = cached.get(jid);
            if (known != null) numbers.put(jid, known);
            else unknown.add(jid);
        }
        for (String jid : unknown) {
            int number = db.transaction("numbering " + jid + " for the message archive", c -> {
                // Another writer (or node) may number the same JID at once: the unique JID makes one of them win.
                Database.insertIfAbsent(c, "INSERT INTO xmpp_archive_jids (jid) VALUES (?)", jid);
                return (int) Database.number(c, "SELECT id FROM xmpp_archive_jids WHERE jid = ?", jid);
            });
            remember(jid, number);
            numbers.put(jid, number);
        }
        return numbers;
    }

    /** The number of a JID that has one; a JID that has none is in no archive. */
    Optional<Integer> number(Connection c, String jid) throws SQLException {
        Integer known = cached.get(jid);
        if (known != null) return Optional.of(known);
        try (PreparedStatement s = Database.prepare(c, "SELECT id FROM xmpp_archive_jids WHERE jid = ?", jid); ResultSet r = s.executeQuery()) {
            if (!r.next()) return Optional.empty();
            remember(jid, r.getInt(1));
            return Optional.of(r.getInt(1));
        }
    }

    private void remember(String jid, int number) {
        if (cached.size() >= CACHED_AT_MOST) cached.clear();
        cached.put(jid, number);
    }
}
