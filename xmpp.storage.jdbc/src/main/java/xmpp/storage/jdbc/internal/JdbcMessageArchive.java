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
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.storage.ArchivePage;
import xmpp.core.storage.ArchiveQuery;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.StorageException;

/** Message archives in one table, ordered by the archive's ids; a page is one indexed range read. */
@Component
public final class JdbcMessageArchive implements MessageArchive {

    private final Database db;

    @Activate
    public JdbcMessageArchive(@Reference Database db) {
        this.db = db;
    }

    @Override
    public void append(List<ArchivedMessage> messages) throws StorageException {
        if (messages.isEmpty()) return;
        db.transaction("archiving " + messages.size() + " messages", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO xmpp_archive (archive, id, stamp, with_bare, with_resource, stanza) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (ArchivedMessage m : messages) {
                    s.setString(1, m.archive().toString());
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

    @Override
    public ArchivePage query(Jid archive, ArchiveQuery query) throws StorageException {
        return db.read("querying the archive of " + archive.bare(), c -> {
            Filter filter = Filter.of(archive, query);
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
        return db.read("looking up message " + id + " in the archive of " + archive.bare(),
                c -> Database.number(c, "SELECT COUNT(*) FROM xmpp_archive WHERE archive = ? AND id = ?", archive.bare().toString(), id) > 0);
    }

    @Override
    public int deleteBefore(Instant cutoff) throws StorageException {
        return db.read("deleting archived messages older than " + cutoff,
                c -> Database.update(c, "DELETE FROM xmpp_archive WHERE stamp < ?", utc(cutoff)));
    }

    @Override
    public void delete(Jid archive) throws StorageException {
        db.read("deleting the archive of " + archive.bare(),
                c -> Database.update(c, "DELETE FROM xmpp_archive WHERE archive = ?", archive.bare().toString()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The WHERE clause of a query's filter, without its page: what {@code count} counts. */
    private record Filter(String sql, List<Object> params) {

        static Filter of(Jid archive, ArchiveQuery q) {
            StringBuilder sql = new StringBuilder("archive = ?");
            List<Object> params = new ArrayList<>(List.of(archive.bare().toString()));
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
