package xmpp.mod.pubsub.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.storage.PubSubAffiliation;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Affiliations (XEP-0060 section 4.1) and what they allow (table 4): a node's creator is always
 * an owner; everyone else has the affiliation the store keeps, or none. Entities list their own
 * (section 5.7), owners list and change a node's (section 8.9).
 */
final class Affiliations {

    static final String OWNER = "owner";
    static final String NONE = "none";
    static final String OUTCAST = "outcast";
    private static final Set<String> PUBLISHERS = Set.of(OWNER, "publisher", "publish-only");
    private static final Set<String> RETRACTORS = Set.of(OWNER, "publisher");
    private static final Set<String> WHITELISTED = Set.of(OWNER, "publisher", "member");

    private final PubSubStore store;

    Affiliations(PubSubStore store) {
        this.store = store;
    }

    String of(PubSubNode node, Jid jid) throws StorageException {
        if (node.owner().equals(jid.bare())) return OWNER;
        return store.affiliationsOf(node.service(), jid).stream().filter(a -> a.node().equals(node.name()))
                .map(PubSubAffiliation::affiliation).findFirst().orElse(NONE);
    }

    void checkOwner(PubSubNode node, Jid jid) throws Refusal, StorageException {
        if (!of(node, jid).equals(OWNER)) throw new Refusal(Condition.FORBIDDEN, "only the node's owners may do that");
    }

    void checkPublisher(PubSubNode node, Jid jid) throws Refusal, StorageException {
        if (!PUBLISHERS.contains(of(node, jid))) throw new Refusal(Condition.FORBIDDEN, "only the node's owners and publishers publish to it");
    }

    void checkRetractor(PubSubNode node, Jid jid) throws Refusal, StorageException {
        if (!RETRACTORS.contains(of(node, jid))) throw new Refusal(Condition.FORBIDDEN, "only the node's owners and publishers retract its items");
    }

    /**
     * Reading items and subscribing (sections 6.1.3.4, 6.1.3.8, 6.5.9.2): outcasts never, a
     * whitelist node its list only. An authorize node's items need an approved subscription too,
     * which the caller checks.
     */
    void checkReader(PubSubNode node, NodeOptions options, Jid jid) throws Refusal, StorageException {
        String affiliation = of(node, jid);
        if (affiliation.equals(OUTCAST)) throw new Refusal(Condition.FORBIDDEN, "the node's owner has banned you");
        if (options.accessModel().equals("whitelist") && !WHITELISTED.contains(affiliation))
            throw new Refusal(Condition.NOT_ALLOWED, "closed-node", "the node is its owner's whitelist's only");
    }

    /**
     * The subscriptions whose JIDs may still read the node: a subscriber who became an outcast,
     * or is off the list of a node that became a whitelist, hears nothing more of it.
     */
    List<PubSubSubscription> readersAmong(PubSubNode node, NodeOptions options, List<PubSubSubscription> subscriptions) throws StorageException {
        if (subscriptions.isEmpty()) return subscriptions;
        Map<Jid, String> kinds = new HashMap<>();
        for (PubSubAffiliation a : store.affiliations(node.service(), node.name())) kinds.put(a.jid(), a.affiliation());
        kinds.put(node.owner(), OWNER);
        boolean whitelist = options.accessModel().equals("whitelist");
        return subscriptions.stream().filter(s -> {
            String kind = kinds.getOrDefault(s.jid().bare(), NONE);
            return !kind.equals(OUTCAST) && (!whitelist || WHITELISTED.contains(kind));
        }).toList();
    }

    /** Section 5.7: the entity's affiliations at the service, or with one node. */
    Element entityList(Jid service, Jid jid, String node) throws StorageException {
        Element.Builder list = Element.builder("affiliations");
        if (!node.isEmpty()) list.attr("node", node);
        for (PubSubNode n : store.nodes(service))
            if (n.owner().equals(jid.bare()) && (node.isEmpty() || n.name().equals(node))) list.child(affiliation(n.name(), Optional.empty(), OWNER));
        for (PubSubAffiliation a : store.affiliationsOf(service, jid))
            if (node.isEmpty() || a.node().equals(node)) list.child(affiliation(a.node(), Optional.empty(), a.affiliation()));
        return Element.builder("pubsub").xmlns(ServiceRequests.NS).child(list.build()).build();
    }

    /** Section 8.9.1: the node's affiliations, its creator's first. */
    Element ownerList(PubSubNode node) throws StorageException {
        Element.Builder list = Element.builder("affiliations").attr("node", node.name())
                .child(affiliation("", Optional.of(node.owner()), OWNER));
        for (PubSubAffiliation a : store.affiliations(node.service(), node.name())) list.child(affiliation("", Optional.of(a.jid()), a.affiliation()));
        return Element.builder("pubsub").xmlns(ServiceRequests.OWNER_NS).child(list.build()).build();
    }

    /**
     * Section 8.9.2: each {@code <affiliation/>} sets one; {@code none} removes it. The creator
     * stays an owner ({@code conflict}, as section 8.9.2.4 refuses the removal of the last
     * owner). Returns the bare JIDs made outcasts, whose subscriptions must go.
     */
    List<Jid> modify(PubSubNode node, Element affiliations) throws Refusal, StorageException {
        record Change(Jid jid, String kind) { }
        List<Change> changes = new ArrayList<>();   // all checked before any is made
        for (Element a : affiliations.elements()) {
            if (!a.name().equals("affiliation")) continue;
            Jid jid = Jid.parse(a.attr("jid")).orElseThrow(() -> new Refusal(Condition.BAD_REQUEST, "invalid-jid", "not a JID: '" + a.attr("jid") + "'")).bare();
            String kind = a.attr("affiliation");
            if (!kind.equals(NONE) && !PubSubAffiliation.KINDS.contains(kind))
                throw new Refusal(Condition.BAD_REQUEST, "no affiliation '" + kind + "'");
            if (jid.equals(node.owner())) throw new Refusal(Condition.CONFLICT, "the node's creator remains its owner");
            changes.add(new Change(jid, kind));
        }
        List<Jid> outcasts = new ArrayList<>();
        for (Change c : changes) {
            if (c.kind().equals(NONE)) {
                store.unaffiliate(node.service(), node.name(), c.jid());
                continue;
            }
            store.affiliate(node.service(), new PubSubAffiliation(node.name(), c.jid(), c.kind()));
            if (c.kind().equals(OUTCAST)) outcasts.add(c.jid());
        }
        return outcasts;
    }

    /** Whether the JID subscribes without an owner's approval to a node of the authorize model: owners, publishers and members do. */
    boolean preapproved(PubSubNode node, Jid jid) throws StorageException {
        return WHITELISTED.contains(of(node, jid));
    }

    /** Who approves subscriptions (section 8.6): the creator and the other owners. */
    List<Jid> owners(PubSubNode node) throws StorageException {
        List<Jid> owners = new ArrayList<>(List.of(node.owner()));
        for (PubSubAffiliation a : store.affiliations(node.service(), node.name())) if (a.affiliation().equals(OWNER)) owners.add(a.jid());
        return owners;
    }

    private static Element affiliation(String node, Optional<Jid> jid, String kind) {
        Element.Builder b = Element.builder("affiliation");
        if (!node.isEmpty()) b.attr("node", node);
        jid.ifPresent(j -> b.attr("jid", j.toString()));
        return b.attr("affiliation", kind).build();
    }
}
