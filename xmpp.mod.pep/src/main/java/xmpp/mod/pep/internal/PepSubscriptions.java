package xmpp.mod.pep.internal;

import java.util.Optional;
import java.util.UUID;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Explicit subscriptions to an account's nodes: XEP-0163 section 5 asks a PEP service for
 * XEP-0060's subscribe and unsubscribe (sections 6.1, 6.2). Contacts need none, as they hear of
 * the nodes by their presence subscription and caps; others, who may read a node, subscribe. One
 * subscription per JID, without options: subscribing again answers the one there is.
 */
final class PepSubscriptions {

    private static final Element NO_OPTIONS = Element.builder("x").xmlns("jabber:x:data").attr("type", "submit").build();

    private final PubSubStore store;

    PepSubscriptions(PubSubStore store) {
        this.store = store;
    }

    /** The JID's subscription to the node, new or the one it holds; whether it may read the node is the caller's check. */
    Subscribed subscribe(Jid owner, String node, Jid from, Element subscribe) throws PubSub.Failure, StorageException {
        Jid jid = subscriber(from, subscribe);
        Optional<PubSubSubscription> held = held(owner, node, jid);
        if (held.isPresent()) return new Subscribed(held.get(), false);
        PubSubSubscription s = new PubSubSubscription(node, jid, UUID.randomUUID().toString(), NO_OPTIONS);
        store.subscribe(owner, s);
        return new Subscribed(s, true);
    }

    /** A subscription, and whether the request made it. */
    record Subscribed(PubSubSubscription subscription, boolean isNew) {
        Element reply() {
            return Element.builder("pubsub").xmlns(PubSub.NS).child(Element.builder("subscription").attr("node", subscription.node())
                    .attr("jid", subscription.jid().toString()).attr("subid", subscription.subId()).attr("subscription", subscription.state()).build()).build();
        }
    }

    void unsubscribe(Jid owner, String node, Jid from, Element unsubscribe) throws PubSub.Failure, StorageException {
        Jid jid = subscriber(from, unsubscribe);
        PubSubSubscription s = held(owner, node, jid)
                .orElseThrow(() -> PubSub.failure(Condition.UNEXPECTED_REQUEST, "not-subscribed", jid + " has no subscription to " + node));
        store.unsubscribe(owner, node, s.subId());
    }

    private Optional<PubSubSubscription> held(Jid owner, String node, Jid jid) throws StorageException {
        return store.subscriptionsOf(owner, jid).stream().filter(s -> s.node().equals(node) && s.jid().equals(jid)).findFirst();
    }

    /** The JID a request names, which must be one of the requester's own (XEP-0060 sections 6.1.3.1, 6.2.3.3). */
    private static Jid subscriber(Jid from, Element request) throws PubSub.Failure {
        if (request.attr("jid").isEmpty()) throw PubSub.failure(Condition.BAD_REQUEST, "jid-required", "name the subscribed JID");
        Jid jid = Jid.parse(request.attr("jid")).orElseThrow(() -> PubSub.failure(Condition.BAD_REQUEST, "invalid-jid", "not a JID: '" + request.attr("jid") + "'"));
        if (!jid.bare().equals(from.bare())) throw PubSub.failure(Condition.BAD_REQUEST, "invalid-jid", "you may subscribe your own JIDs only");
        return jid;
    }
}
