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
import xmpp.core.storage.PubSubItem;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.StorageException;

/** Publish-subscribe nodes and items (XEP-0060, XEP-0163), for accounts and components alike. */
@Component
public final class JdbcPubSubStore implements PubSubStore {

    private static final String ITEM_COLUMNS = "item_id, payload, publisher, published";

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
            Database.update(c, "DELETE FROM xmpp_pubsub_items WHERE service = ? AND node = ?", key, name);
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
}
