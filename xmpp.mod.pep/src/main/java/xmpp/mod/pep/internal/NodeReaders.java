package xmpp.mod.pep.internal;

import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;

/** Who may read an account's node, by its access model and affiliations: for its items, a subscription, and its discovery. */
final class NodeReaders {

    private final PubSubStore store;
    private final RosterStore rosters;
    private final PepAffiliations affiliations;
    private final int maxItems;

    NodeReaders(PubSubStore store, RosterStore rosters, int maxItems) {
        this.store = store;
        this.rosters = rosters;
        this.affiliations = new PepAffiliations(store);
        this.maxItems = maxItems;
    }

    /** The node's configuration, if {@code requester} (a bare JID) may read the node; {@code item-not-found} or the refusal otherwise. */
    NodeConfig readable(Jid owner, Jid requester, String node) throws PubSub.Failure, StorageException {
        NodeConfig config = NodeConfig.fromStored(PubSub.existing(store, owner, node).config(), maxItems);
        Optional<RosterItem> contact = requester.equals(owner) ? Optional.empty() : rosters.item(owner, requester);
        String affiliation = affiliations.of(owner, node, requester);
        if (affiliation.equals(PepAffiliations.OUTCAST)) throw PubSub.failure(Condition.FORBIDDEN, "the account's user has banned you from " + node);
        if (!Access.allows(config, owner, requester, contact, affiliation))
            throw PubSub.failure(config.accessModel().refusal, config.accessModel().refusalCondition, "the node's access model is " + config.accessModel().value());
        return config;
    }

    /** The node's configuration if it exists and {@code requester} may read it: what discovery shows of it. */
    Optional<NodeConfig> visible(Jid owner, Jid requester, String node) throws StorageException {
        try {
            return Optional.of(readable(owner, requester, node));
        } catch (PubSub.Failure unknownOrRefused) {
            return Optional.empty();
        }
    }
}
