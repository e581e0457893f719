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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * Rows name their archive's owner and its correspondent by numbers (schema V10), not JID strings,
 * which H2's B-trees compared on every insert.
 */
@Component
public final class JdbcMessageArchive implements MessageArchive {

    private final Database db;
    private final ArchiveJidNumbers numbers;

    @Activate
    public JdbcMessageArchive(@Reference Database db) {
        this.db = db;
        this.numbers = new ArchiveJidNumbers(db);
    }

    @Override
    public void append(List<ArchivedMessage> messages) throws StorageException {
        if (messages.isEmpty()) return;
        Set<String> jids = new HashSet<>();
        for (ArchivedMessage m : messages) {
            jids.add(m.archive().bare().toString());
            jids.add(m.with().bare().toString());
        }
        Map<String, Integer> number = numbers.numbers(jids);
        db.transaction("archiving " + messages.size() + " messages", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO xmpp_archive (owner, id, stamp, with_jid, with_resource, stanza) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (ArchivedMessage m : messages) {
                    s.setInt(1, number.get(m.archive().bare().toString()));
                    s.setLong(2, m.id());
                    s.setObject(3, utc(m.stamp()));
                    s.setInt(4, number.get(m.with().bare().toString()));
                    s.setString(5, m.with().resourcepart());
                    s.setString(6, m.message().toXml());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    @Override
    public ArchivePage query(Jid archive, ArchiveQuery query) throws StorageException {
        return db.read("querying the archive of " + archive.bare(), c -> {
            Optional<Integer> owner = numbers.number(c, archive.bare().toString());
            Optional<Integer> with = query.with().isEmpty() ? Optional.empty() : numbers.number(c, query.with().get().bare().toString());
            // An archive never written to, or a correspondent in no archive, has no number, and no messages.
            if (owner.isEmpty() || query.with().isPresent() && with.isEmpty()) return new ArchivePage(List.of(), true, 0);
            Filter filter = Filter.of(owner.get(), with, query);
            int count = (int) Database.number(c, "SELECT COUNT(*) FROM xmpp_archive a WHERE " + filter.sql, filter.params.toArray());
            if (query.max() == 0) return new ArchivePage(List.of(), count == 0, count);
            List<Object> params = new ArrayList<>(filter.params);
            StringBuilder sql = new StringBuilder("SELECT a.id, a.stamp, w.jid, a.with_resource, a.stanza FROM xmpp_archive a "
                    + "JOIN xmpp_archive_jids w ON w.id = a.with_jid WHERE ").append(filter.sql);
            if (query.cursor().isPresent()) {
                sql.append(query.backwards() ? " AND a.id < ?" : " AND a.id > ?");
                params.add(query.cursor().get());
            }
            // One row more than the page: whether it exists tells whether the page is the last one.
            sql.append(query.backwards() ? " ORDER BY a.id DESC" : " ORDER BY a.id ASC").append(" LIMIT ").append(query.max() + 1);
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
            Optional<Integer> owner = numbers.number(c, archive.bare().toString());
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
            Optional<Integer> owner = numbers.number(c, archive.bare().toString());
            return owner.isPresent() ? Database.update(c, "DELETE FROM xmpp_archive WHERE owner = ?", owner.get()) : 0;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The WHERE clause of a query's filter on archive rows {@code a}, without its page: what {@code count} counts. */
    private record Filter(String sql, List<Object> params) {

        static Filter of(int owner, Optional<Integer> withNumber, ArchiveQuery q) {
            StringBuilder sql = new StringBuilder("a.owner = ?");
            List<Object> params = new ArrayList<>(List.of(owner));
            withNumber.ifPresent(number -> {
                sql.append(" AND a.with_jid = ?");
                params.add(number);
            });
            q.with().filter(Jid::isFull).ifPresent(with -> {
                sql.append(" AND a.with_resource = ?");
                params.add(with.resourcepart());
            });
            q.start().ifPresent(start -> {
                sql.append(" AND a.stamp >= ?");
                params.add(utc(start));
            });
            q.end().ifPresent(end -> {
                sql.append(" AND a.stamp <= ?");
                params.add(utc(end));
            });
            q.afterId().ifPresent(id -> {
                sql.append(" AND a.id > ?");
                params.add(id);
            });
            q.beforeId().ifPresent(id -> {
                sql.append(" AND a.id < ?");
                params.add(id);
            });
            if (!q.ids().isEmpty()) {
                sql.append(" AND a.id IN (").append(String.join(", ", Collections.nCopies(q.ids().size(), "?"))).append(')');
                params.addAll(q.ids());
            }
            return new Filter(sql.toString(), params);
        }
    }
}
