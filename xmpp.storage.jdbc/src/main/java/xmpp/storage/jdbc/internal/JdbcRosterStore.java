package xmpp.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;
import xmpp.core.storage.Subscription;

/** Rosters with groups and a version per owner that every change raises, in the change's own transaction. */
@Component
public final class JdbcRosterStore implements RosterStore {

    private static final String ITEM_COLUMNS = "contact, name, subscription, pending_out, pending_in, approved, listed";

    private final Database db;

    @Activate
    public JdbcRosterStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public List<RosterItem> items(Jid owner) throws StorageException {
        String key = owner.bare().toString();
        return db.read("reading the roster of " + key, c -> {
            Map<String, Set<String>> groups = groups(c, key, null);
            List<RosterItem> items = new ArrayList<>();
            try (PreparedStatement s = Database.prepare(c, "SELECT " + ITEM_COLUMNS + " FROM xmpp_roster WHERE owner = ? ORDER BY contact", key);
                 ResultSet r = s.executeQuery()) {
                while (r.next()) items.add(item(r, groups));
            }
            return items;
        });
    }

    @Override
    public Optional<RosterItem> item(Jid owner, Jid contact) throws StorageException {
        String key = owner.bare().toString();
        return db.read("reading a roster item of " + key, c -> {
            Map<String, Set<String>> groups = groups(c, key, contact.toString());
            try (PreparedStatement s = Database.prepare(c, "SELECT " + ITEM_COLUMNS + " FROM xmpp_roster WHERE owner = ? AND contact = ?",
                    key, contact.toString()); ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(item(r, groups)) : Optional.empty();
            }
        });
    }

    @Override
    public long put(Jid owner, RosterItem item) throws StorageException {
        String key = owner.bare().toString();
        String contact = item.contact().toString();
        return db.transaction("storing a roster item of " + key, c -> {
            Database.upsert(c,
                    "UPDATE xmpp_roster SET name = ?, subscription = ?, pending_out = ?, pending_in = ?, approved = ?, listed = ? WHERE owner = ? AND contact = ?",
                    new Object[] {item.name(), item.subscription().attributeValue(), item.pendingOut(), item.pendingIn(), item.approved(), item.listed(), key, contact},
                    "INSERT INTO xmpp_roster (owner, " + ITEM_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    new Object[] {key, contact, item.name(), item.subscription().attributeValue(), item.pendingOut(), item.pendingIn(), item.approved(), item.listed()});
            Database.update(c, "DELETE FROM xmpp_roster_groups WHERE owner = ? AND contact = ?", key, contact);
            for (String group : item.groups())
                Database.update(c, "INSERT INTO xmpp_roster_groups (owner, contact, group_name) VALUES (?, ?, ?)", key, contact, group);
            return raiseVersion(c, key);
        });
    }

    @Override
    public long remove(Jid owner, Jid contact) throws StorageException {
        String key = owner.bare().toString();
        return db.transaction("removing a roster item of " + key, c ->
                Database.update(c, "DELETE FROM xmpp_roster WHERE owner = ? AND contact = ?", key, contact.toString()) > 0
                        ? raiseVersion(c, key) : currentVersion(c, key));
    }

    @Override
    public long version(Jid owner) throws StorageException {
        String key = owner.bare().toString();
        return db.read("reading the roster version of " + key, c -> currentVersion(c, key));
    }

    @Override
    public int count(Jid owner) throws StorageException {
        String key = owner.bare().toString();
        return db.read("counting the roster of " + key, c -> (int) Database.number(c, "SELECT COUNT(*) FROM xmpp_roster WHERE owner = ?", key));
    }

    private static long raiseVersion(Connection c, String owner) throws SQLException {
        Database.upsert(c, "UPDATE xmpp_roster_versions SET version = version + 1 WHERE owner = ?", new Object[] {owner},
                "INSERT INTO xmpp_roster_versions (owner, version) VALUES (?, 1)", new Object[] {owner});
        return currentVersion(c, owner);
    }

    private static long currentVersion(Connection c, String owner) throws SQLException {
        try (PreparedStatement s = Database.prepare(c, "SELECT version FROM xmpp_roster_versions WHERE owner = ?", owner);
             ResultSet r = s.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** Groups by contact: of one contact, or of all when {@code contact} is null. */
    private static Map<String, Set<String>> groups(Connection c, String owner, String contact) throws SQLException {
        String sql = "SELECT contact, group_name FROM xmpp_roster_groups WHERE owner = ?" + (contact == null ? "" : " AND contact = ?");
        Map<String, Set<String>> groups = new HashMap<>();
        try (PreparedStatement s = contact == null ? Database.prepare(c, sql, owner) : Database.prepare(c, sql, owner, contact);
             ResultSet r = s.executeQuery()) {
            while (r.next()) groups.computeIfAbsent(r.getString(1), k -> new HashSet<>()).add(r.getString(2));
        }
        return groups;
    }

    private static RosterItem item(ResultSet r, Map<String, Set<String>> groups) throws SQLException {
        String contact = r.getString(1);
        return new RosterItem(Jid.of(contact), r.getString(2), Subscription.valueOf(r.getString(3).toUpperCase(Locale.ROOT)),
                r.getBoolean(4), r.getBoolean(5), r.getBoolean(6), r.getBoolean(7), groups.getOrDefault(contact, Set.of()));
    }
}
