package xmpp.storage.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.storage.OfflineMessage;
import xmpp.core.storage.OfflineStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/** Offline messages in arrival order; each is handed out once, even to concurrent takers. */
@Component
public final class JdbcOfflineStore implements OfflineStore {

    private final Database db;

    @Activate
    public JdbcOfflineStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public boolean append(Jid owner, Element message, Instant stored, int limit) throws StorageException {
        String key = owner.bare().toString();
        // One statement: the quota check and the insert cannot be split by another writer's insert between them.
        return db.read("storing an offline message for " + key, c -> Database.update(c,
                "INSERT INTO xmpp_offline (owner, stored_at, stanza) SELECT ?, ?, ? "
                        + "WHERE (SELECT COUNT(*) FROM xmpp_offline WHERE owner = ?) < ?",
                key, OffsetDateTime.ofInstant(stored, ZoneOffset.UTC), message.toXml(), key, limit) == 1);
    }

    @Override
    public List<OfflineMessage> takeAll(Jid owner) throws StorageException {
        String key = owner.bare().toString();
        return db.transaction("taking the offline messages of " + key, c -> {
            List<Long> ids = new ArrayList<>();
            List<OfflineMessage> messages = new ArrayList<>();
            // FOR UPDATE: a second taker waits here for the first to commit, then finds the rows gone.
            try (PreparedStatement s = Database.prepare(c, "SELECT id, stored_at, stanza FROM xmpp_offline WHERE owner = ? ORDER BY id FOR UPDATE", key);
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getLong(1));
                    messages.add(new OfflineMessage(r.getObject(2, OffsetDateTime.class).toInstant(), Xml.parse(r.getString(3))));
                }
            }
            // The rows are ours (locked); counting what each DELETE removes still guards exactly-once.
            List<OfflineMessage> taken = new ArrayList<>();
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM xmpp_offline WHERE id = ?")) {
                for (int i = 0; i < ids.size(); i++) {
                    delete.setLong(1, ids.get(i));
                    if (delete.executeUpdate() == 1) taken.add(messages.get(i));
                }
            }
            return taken;
        });
    }

    @Override
    public int count(Jid owner) throws StorageException {
        String key = owner.bare().toString();
        return db.read("counting the offline messages of " + key,
                c -> (int) Database.number(c, "SELECT COUNT(*) FROM xmpp_offline WHERE owner = ?", key));
    }
}
