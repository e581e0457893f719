package xmpp.core.storage;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;

/**
 * Nodes and items of publish-subscribe services (XEP-0060), shared by personal eventing
 * (XEP-0163, a service per account) and pubsub components. A service is a bare JID.
 *
 * @since 1.1
 */
@ProviderType
public interface PubSubStore {

    Optional<PubSubNode> node(Jid service, String name) throws StorageException;

    /** The service's nodes, by name. */
    List<PubSubNode> nodes(Jid service) throws StorageException;

    /** Creates the node, or replaces its owner and configuration; its items stay. */
    void putNode(PubSubNode node) throws StorageException;

    /** Deletes the node with its items; false if there was none. */
    boolean deleteNode(Jid service, String name) throws StorageException;

    /**
     * Stores {@code item} as the node's newest, replacing an item of the same id, then drops the
     * oldest items beyond {@code maxItems}. The node must exist.
     */
    void publish(Jid service, String node, PubSubItem item, int maxItems) throws StorageException;

    /** Removes one item; false if the node had none of that id. */
    boolean retract(Jid service, String node, String itemId) throws StorageException;

    /** Removes every item of the node; the node stays. */
    void purge(Jid service, String node) throws StorageException;

    /** The node's items, newest first, at most {@code max}. */
    List<PubSubItem> items(Jid service, String node, int max) throws StorageException;

    Optional<PubSubItem> item(Jid service, String node, String itemId) throws StorageException;

    /** How many items the node holds. */
    int count(Jid service, String node) throws StorageException;
}
