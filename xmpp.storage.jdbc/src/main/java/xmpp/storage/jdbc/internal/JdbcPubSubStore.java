package xmpp.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.storage.PubSubAffiliation;
import xmpp.core.storage.PubSubItem;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.storage.StorageException;

/** Publish-subscribe nodes, items, subscriptions and affiliations (XEP-0060, XEP-0163), for accounts and components alike. */
@Component
public final class JdbcPubSubStore implements PubSubStore {

    private static final String ITEM_COLUMNS = "item_id, payload, publisher, published";
    private static final String SUBSCRIPTION_COLUMNS = "node, jid, subid, options, state";
    /** What a node owns besides its row, deleted with it (the foreign keys cascade too; this does not depend on it). */
    private static final String[] NODE_PARTS = {"xmpp_pubsub_items", "xmpp_pubsub_subscriptions", "xmpp_pubsub_affiliations"};

    private final Database db;

    @Activate
    public JdbcPubSubStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public Optional<PubSubNode> node(Jid service, String name) throws StorageException {
        String key = service.bare().toString();
        return db.read("reading pubsub node " + name + " of " + key, c -> {
            try (PreparedStatement s = Database.prepare(c, "SELECT node, owner, config FROM xmpp_pubsub_nodes WHERE service = ? AND node = ?", key, name);
                 ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(node(service, r)) : Optional.empty();
            }
        });
    }

    @Override
    public List<PubSubNode> nodes(Jid service) throws StorageException {
        String key = service.bare().toString();
        return db.read("listing pubsub nodes of " + key, c -> {
            List<PubSubNode> nodes = new ArrayList<>();
            try (PreparedStatement s = Database.prepare(c, "SELECT node, owner, config FROM xmpp_pubsub_nodes WHERE service = ? ORDER BY node", key);
                 ResultSet r = s.executeQuery()) {
                while (r.next()) nodes.add(node(service, r));
            }
            return nodes;
        });
    }

    private static PubSubNode node(Jid service, ResultSet r) throws SQLException {
        return new PubSubNode(service.bare(), r.getString(1), Jid.of(r.getString(2)), Xml.parse(r.getString(3)));
    }

    @Override
    public void putNode(PubSubNode node) throws StorageException {
        String key = node.service().bare().toString();
        String config = node.config().toXml();
        db.transaction("storing pubsub node " + node.name() + " of " + key, c -> {
            Database.upsert(c, "UPDATE xmpp_pubsub_nodes SET owner = ?, config = ? WHERE service = ? AND node = ?",
                    new Object[] {node.owner().toString(), config, key, node.name()},
                    "INSERT INTO xmpp_pubsub_nodes (service, node, owner, config) VALUES (?, ?, ?, ?)",
                    new Object[] {key, node.name(), node.owner().toString(), config});
            return null;
        });
    }

    @Override
    public boolean deleteNode(Jid service, String name) throws StorageException {
        String key = service.bare().toString();
        return db.transaction("deleting pubsub node " + name + " of " + key, c -> {
            for (String table : NODE_PARTS) Database.update(c, "DELETE FROM " + table + " WHERE service = ? AND node = ?", key, name);
            return Database.update(c, "DELETE FROM xmpp_pubsub_nodes WHERE service = ? AND node = ?", key, name) > 0;
        });
    }

    @Override
    public void publish(Jid service, String node, PubSubItem item, int maxItems) throws StorageException {
        String key = service.bare().toString();
        db.transaction("publishing to pubsub node " + node + " of " + key, c -> {
            lockNode(c, key, node);   // one publisher at a time per node: sequence numbers and the trim stay consistent
            long seq = Database.number(c, "SELECT MAX(seq) FROM xmpp_pubsub_items WHERE service = ? AND node = ?", key, node) + 1;
            Database.update(c, "DELETE FROM xmpp_pubsub_items WHERE service = ? AND node = ? AND item_id = ?", key, node, item.id());
            Database.update(c, "INSERT INTO xmpp_pubsub_items (service, node, item_id, seq, publisher, published, payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    key, node, item.id(), seq, item.publisher().toString(), OffsetDateTime.ofInstant(item.published(), ZoneOffset.UTC), item.payload().toXml());
            Database.update(c, "DELETE FROM xmpp_pubsub_items WHERE service = ? AND node = ? AND seq <= ?", key, node, seq - Math.max(maxItems, 1));
            return null;
        });
    }

    private static void lockNode(Connection c, String service, String node) throws SQLException {
        if (Database.update(c, "UPDATE xmpp_pubsub_nodes SET node = node WHERE service = ? AND node = ?", service, node) == 0)
            throw new SQLException("pubsub node " + node + " of " + service + " does not exist");
    }

    @Override
    public boolean retract(Jid service, String node, String itemId) throws StorageException {
        String key = service.bare().toString();
        return db.transaction("retracting an item of pubsub node " + node + " of " + key,
                c -> Database.update(c, "DELETE FROM xmpp_pubsub_items WHERE service = ? AND node = ? AND item_id = ?", key, node, itemId) > 0);
    }

    @Override
    public void purge(Jid service, String node) throws StorageException {
        String key = service.bare().toString();
        db.transaction("purging pubsub node " + node + " of " + key,
                c -> Database.update(c, "DELETE FROM xmpp_pubsub_items WHERE service = ? AND node = ?", key, node));
    }

    @Override
    public List<PubSubItem> items(Jid service, String node, int max) throws StorageException {
        String key = service.bare().toString();
        return db.read("reading items of pubsub node " + node + " of " + key, c -> {
            List<PubSubItem> items = new ArrayList<>();
            try (PreparedStatement s = Database.prepare(c, "SELECT " + ITEM_COLUMNS + " FROM xmpp_pubsub_items WHERE service = ? AND node = ? ORDER BY seq DESC", key, node)) {
                s.setMaxRows(Math.max(max, 0));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next() && items.size() < max) items.add(item(r));
                }
            }
            return items;
        });
    }

    @Override
    public Optional<PubSubItem> item(Jid service, String node, String itemId) throws StorageException {
        String key = service.bare().toString();
        return db.read("reading an item of pubsub node " + node + " of " + key, c -> {
            try (PreparedStatement s = Database.prepare(c, "SELECT " + ITEM_COLUMNS + " FROM xmpp_pubsub_items WHERE service = ? AND node = ? AND item_id = ?", key, node, itemId);
                 ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(item(r)) : Optional.empty();
            }
        });
    }

    private static PubSubItem item(ResultSet r) throws SQLException {
        return new PubSubItem(r.getString(1), Xml.parse(r.getString(2)), Jid.of(r.getString(3)), r.getObject(4, OffsetDateTime.class).toInstant());
    }

    @Override
    public int count(Jid service, String node) throws StorageException {
        String key = service.bare().toString();
        return db.read("counting items of pubsub node " + node + " of " + key,
                c -> (int) Database.number(c, "SELECT COUNT(*) FROM xmpp_pubsub_items WHERE service = ? AND node = ?", key, node));
    }

    @Override
    public void subscribe(Jid service, PubSubSubscription subscription) throws StorageException {
        String key = service.bare().toString();
        String node = subscription.node();
        String jid = subscription.jid().toString();
        String options = subscription.options().toXml();
        db.transaction("storing the subscription of " + jid + " to pubsub node " + node + " of " + key, c -> {
            Database.upsert(c, "UPDATE xmpp_pubsub_subscriptions SET jid = ?, bare_jid = ?, options = ?, state = ? WHERE service = ? AND node = ? AND subid = ?",
                    new Object[] {jid, subscription.jid().bare().toString(), options, subscription.state(), key, node, subscription.subId()},
                    "INSERT INTO xmpp_pubsub_subscriptions (service, node, jid, bare_jid, subid, options, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    new Object[] {key, node, jid, subscription.jid().bare().toString(), subscription.subId(), options, subscription.state()});
            return null;
        });
    }

    @Override
    public boolean unsubscribe(Jid service, String node, Jid jid) throws StorageException {
        String key = service.bare().toString();
        return db.transaction("removing the subscriptions of " + jid + " to pubsub node " + node + " of " + key,
                c -> Database.update(c, "DELETE FROM xmpp_pubsub_subscriptions WHERE service = ? AND node = ? AND jid = ?", key, node, jid.toString()) > 0);
    }

    @Override
    public boolean unsubscribe(Jid service, String node, String subId) throws StorageException {
        String key = service.bare().toString();
        return db.transaction("removing subscription " + subId + " to pubsub node " + node + " of " + key,
                c -> Database.update(c, "DELETE FROM xmpp_pubsub_subscriptions WHERE service = ? AND node = ? AND subid = ?", key, node, subId) > 0);
    }

    @Override
    public List<PubSubSubscription> subscriptions(Jid service, String node) throws StorageException {
        String key = service.bare().toString();
        return db.read("reading the subscriptions to pubsub node " + node + " of " + key, c -> subscriptions(c,
                "SELECT " + SUBSCRIPTION_COLUMNS + " FROM xmpp_pubsub_subscriptions WHERE service = ? AND node = ? ORDER BY jid, subid", key, node));
    }

    @Override
    public List<PubSubSubscription> subscriptionsOf(Jid service, Jid jid) throws StorageException {
        String key = service.bare().toString();
        return db.read("reading the subscriptions of " + jid.bare() + " at " + key, c -> subscriptions(c,
                "SELECT " + SUBSCRIPTION_COLUMNS + " FROM xmpp_pubsub_subscriptions WHERE service = ? AND bare_jid = ? ORDER BY node, jid, subid", key, jid.bare().toString()));
    }

    private static List<PubSubSubscription> subscriptions(Connection c, String sql, Object... params) throws SQLException {
        List<PubSubSubscription> subscriptions = new ArrayList<>();
        try (PreparedStatement s = Database.prepare(c, sql, params); ResultSet r = s.executeQuery()) {
            while (r.next()) subscriptions.add(new PubSubSubscription(r.getString(1), Jid.of(r.getString(2)), r.getString(3), Xml.parse(r.getString(4)), r.getString(5)));
        }
        return subscriptions;
    }

    @Override
    public void affiliate(Jid service, PubSubAffiliation affiliation) throws StorageException {
        String key = service.bare().toString();
        String node = affiliation.node();
        String jid = affiliation.jid().toString();
        db.transaction("storing the affiliation of " + jid + " with pubsub node " + node + " of " + key, c -> {
            Database.upsert(c, "UPDATE xmpp_pubsub_affiliations SET affiliation = ? WHERE service = ? AND node = ? AND jid = ?",
                    new Object[] {affiliation.affiliation(), key, node, jid},
                    "INSERT INTO xmpp_pubsub_affiliations (service, node, jid, affiliation) VALUES (?, ?, ?, ?)",
                    new Object[] {key, node, jid, affiliation.affiliation()});
            return null;
        });
    }

    @Override
    public boolean unaffiliate(Jid service, String node, Jid jid) throws StorageException {
        String key = service.bare().toString();
        return db.transaction("removing the affiliation of " + jid.bare() + " with pubsub node " + node + " of " + key,
                c -> Database.update(c, "DELETE FROM xmpp_pubsub_affiliations WHERE service = ? AND node = ? AND jid = ?", key, node, jid.bare().toString()) > 0);
    }

    @Override
    public List<PubSubAffiliation> affiliations(Jid service, String node) throws StorageException {
        String key = service.bare().toString();
        return db.read("reading the affiliations with pubsub node " + node + " of " + key, c -> affiliations(c,
                "SELECT node, jid, affiliation FROM xmpp_pubsub_affiliations WHERE service = ? AND node = ? ORDER BY jid", key, node));
    }

    @Override
    public List<PubSubAffiliation> affiliationsOf(Jid service, Jid jid) throws StorageException {
        String key = service.bare().toString();
        return db.read("reading the affiliations of " + jid.bare() + " at " + key, c -> affiliations(c,
                "SELECT node, jid, affiliation FROM xmpp_pubsub_affiliations WHERE service = ? AND jid = ? ORDER BY node", key, jid.bare().toString()));
    }

    private static List<PubSubAffiliation> affiliations(Connection c, String sql, Object... params) throws SQLException {
        List<PubSubAffiliation> affiliations = new ArrayList<>();
        try (PreparedStatement s = Database.prepare(c, sql, params); ResultSet r = s.executeQuery()) {
            while (r.next()) affiliations.add(new PubSubAffiliation(r.getString(1), Jid.of(r.getString(2)), r.getString(3)));
        }
        return affiliations;
    }
}
