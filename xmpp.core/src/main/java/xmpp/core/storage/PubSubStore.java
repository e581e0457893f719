package xmpp.core.storage;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;

/**
 * Nodes and items of publish-subscribe services (XEP-0060), shared by personal eventing
 * (XEP-0163, a service per account) and pubsub components, with the subscriptions and
 * affiliations of their nodes. A service is a bare JID. Deleting a node deletes its items,
 * subscriptions and affiliations.
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

    /** Deletes the node with its items, subscriptions and affiliations; false if there was none. */
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

    /** Stores the subscription, replacing the one of the same id to the node. The node must exist. */
    void subscribe(Jid service, PubSubSubscription subscription) throws StorageException;

    /** Removes every subscription of {@code jid} (as subscribed: bare or full) to the node; false if it had none. */
    boolean unsubscribe(Jid service, String node, Jid jid) throws StorageException;

    /** Removes the node's subscription of that id; false if there was none. */
    boolean unsubscribe(Jid service, String node, String subId) throws StorageException;

    /** The node's subscriptions, by JID. */
    List<PubSubSubscription> subscriptions(Jid service, String node) throws StorageException;

    /** The subscriptions of {@code jid}'s bare JID and of all its full JIDs to the service's nodes, by node. */
    List<PubSubSubscription> subscriptionsOf(Jid service, Jid jid) throws StorageException;

    /** Stores the affiliation, replacing the one its JID had with the node. The node must exist. */
    void affiliate(Jid service, PubSubAffiliation affiliation) throws StorageException;

    /** Removes the affiliation of {@code jid}'s bare JID with the node (its affiliation becomes none); false if it had none. */
    boolean unaffiliate(Jid service, String node, Jid jid) throws StorageException;

    /** The node's affiliations, by JID; the node's creator is not among them. */
    List<PubSubAffiliation> affiliations(Jid service, String node) throws StorageException;

    /** The affiliations of {@code jid}'s bare JID with the service's nodes, by node. */
    List<PubSubAffiliation> affiliationsOf(Jid service, Jid jid) throws StorageException;
}
