package xmpp.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.storage.ArchivePage;
import xmpp.core.storage.ArchiveQuery;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.StorageException;

/**
 * Message archives in one table, ordered by the archive's ids; a page is one indexed range read.
 * Rows name their archive by its owner's number (schema V10), which never changes once given.
 */
@Component
public final class JdbcMessageArchive implements MessageArchive {

    private final Database db;
    /** Owners' numbers by bare JID: safe to keep, since a number is never taken back or given again. */
    private final Map<String, Integer> ownerNumbers = new ConcurrentHashMap<>();

    @Activate
    public JdbcMessageArchive(@Reference Database db) {
        this.db = db;
    }

    @Override
    public void append(List<ArchivedMessage> messages) throws StorageException {
        if (messages.isEmpty()) return;
        Map<String, Integer> owners = numbersOf(messages);
        db.transaction("archiving " + messages.size() + " messages", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO xmpp_archive (owner, id, stamp, with_bare, with_resource, stanza) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (ArchivedMessage m : messages) {
                    s.setInt(1, owners.get(m.archive().bare().toString()));
                    s.setLong(2, m.id());
                    s.setObject(3, utc(m.stamp()));
                    s.setString(4, m.with().bare().toString());
                    s.setString(5, m.with().resourcepart());
                    s.setString(6, m.message().toXml());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    /**
     * The owners' numbers of a batch, each given in a transaction of its own before the batch's, so
     * that a batch that fails leaves no number cached that the database does not hold.
     */
    private Map<String, Integer> numbersOf(List<ArchivedMessage> messages) throws StorageException {
        Map<String, Integer> numbers = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (ArchivedMessage m : messages) {
            String owner = m.archive().bare().toString();
            Integer known = ownerNumbers.get(owner);
            if (known != null) numbers.put(owner, known);
            else if (!unknown.contains(owner)) unknown.add(owner);
        }
        for (String owner : unknown) {
            int number = db.transaction("numbering the archive of " + owner, c -> {
                // Another writer (or node) may number the same owner at once: the unique JID makes one of them win.
                Database.insertIfAbsent(c, "INSERT INTO xmpp_archive_owners (jid) VALUES (?)", owner);
                return (int) Database.number(c, "SELECT id FROM xmpp_archive_owners WHERE jid = ?", owner);
            });
            ownerNumbers.put(owner, number);
            numbers.put(owner, number);
        }
        return numbers;
    }

    /** The number of an archive that has one; an archive never written to has none, and holds nothing. */
    private Optional<Integer> numberOf(Connection c, Jid archive) throws SQLException {
        String owner = archive.bare().toString();
        Integer known = ownerNumbers.get(owner);
        if (known != null) return Optional.of(known);
        try (PreparedStatement s = Database.prepare(c, "SELECT id FROM xmpp_archive_owners WHERE jid = ?", owner); ResultSet r = s.executeQuery()) {
            if (!r.next()) return Optional.empty();
            ownerNumbers.put(owner, r.getInt(1));
            return Optional.of(r.getInt(1));
        }
    }

    @Override
    public ArchivePage query(Jid archive, ArchiveQuery query) throws StorageException {
        return db.read("querying the archive of " + archive.bare(), c -> {
            Optional<Integer> owner = numberOf(c, archive);
            if (owner.isEmpty()) return new ArchivePage(List.of(), true, 0);
            Filter filter = Filter.of(owner.get(), query);
            int count = (int) Database.number(c, "SELECT COUNT(*) FROM xmpp_archive WHERE " + filter.sql, filter.params.toArray());
            if (query.max() == 0) return new ArchivePage(List.of(), count == 0, count);
            List<Object> params = new ArrayList<>(filter.params);
            StringBuilder sql = new StringBuilder("SELECT id, stamp, with_bare, with_resource, stanza FROM xmpp_archive WHERE ").append(filter.sql);
            if (query.cursor().isPresent()) {
                sql.append(query.backwards() ? " AND id < ?" : " AND id > ?");
                params.add(query.cursor().get());
            }
            // One row more than the page: whether it exists tells whether the page is the last one.
            sql.append(query.backwards() ? " ORDER BY id DESC" : " ORDER BY id ASC").append(" LIMIT ").append(query.max() + 1);
            List<ArchivedMessage> rows = read(c, archive, sql.toString(), params);
            boolean complete = rows.size() <= query.max();
            List<ArchivedMessage> page = new ArrayList<>(rows.subList(0, Math.min(rows.size(), query.max())));
            if (query.backwards()) Collections.reverse(page);
            return new ArchivePage(page, complete, count);
        });
    }

    private static List<ArchivedMessage> read(Connection c, Jid archive, String sql, List<Object> params) throws SQLException {
        List<ArchivedMessage> result = new ArrayList<>();
        try (PreparedStatement s = Database.prepare(c, sql, params.toArray()); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Jid with = Jid.of(r.getString(3));
                String resource = r.getString(4);
                result.add(new ArchivedMessage(archive, r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(),
                        resource.isEmpty() ? with : with.withResource(resource), Xml.parse(r.getString(5))));
            }
        }
        return result;
    }

    @Override
    public boolean contains(Jid archive, long id) throws StorageException {
        return db.read("looking up message " + id + " in the archive of " + archive.bare(), c -> {
            Optional<Integer> owner = numberOf(c, archive);
            return owner.isPresent() && Database.number(c, "SELECT COUNT(*) FROM xmpp_archive WHERE owner = ? AND id = ?", owner.get(), id) > 0;
        });
    }

    @Override
    public int deleteBefore(Instant cutoff) throws StorageException {
        return db.read("deleting archived messages older than " + cutoff,
                c -> Database.update(c, "DELETE FROM xmpp_archive WHERE stamp < ?", utc(cutoff)));
    }

    @Override
    public void delete(Jid archive) throws StorageException {
        db.read("deleting the archive of " + archive.bare(), c -> {
            Optional<Integer> owner = numberOf(c, archive);
            return owner.isPresent() ? Database.update(c, "DELETE FROM xmpp_archive WHERE owner = ?", owner.get()) : 0;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The WHERE clause of a query's filter, without its page: what {@code count} counts. */
    private record Filter(String sql, List<Object> params) {

        static Filter of(int owner, ArchiveQuery q) {
            StringBuilder sql = new StringBuilder("owner = ?");
            List<Object> params = new ArrayList<>(List.of(owner));
            q.with().ifPresent(with -> {
                sql.append(" AND with_bare = ?");
                params.add(with.bare().toString());
                if (with.isFull()) {
                    sql.append(" AND with_resource = ?");
                    params.add(with.resourcepart());
                }
            });
            q.start().ifPresent(start -> {
                sql.append(" AND stamp >= ?");
                params.add(utc(start));
            });
            q.end().ifPresent(end -> {
                sql.append(" AND stamp <= ?");
                params.add(utc(end));
            });
            q.afterId().ifPresent(id -> {
                sql.append(" AND id > ?");
                params.add(id);
            });
            q.beforeId().ifPresent(id -> {
                sql.append(" AND id < ?");
                params.add(id);
            });
            if (!q.ids().isEmpty()) {
                sql.append(" AND id IN (").append(String.join(", ", Collections.nCopies(q.ids().size(), "?"))).append(')');
                params.addAll(q.ids());
            }
            return new Filter(sql.toString(), params);
        }
    }
}
