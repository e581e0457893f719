package xmpp.mod.pep.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.storage.PubSubAffiliation;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * The affiliations of an account's nodes (XEP-0060 section 4.1) besides its user, who owns them
 * all: members read a whitelist node, publishers and publish-only entities publish to a node,
 * outcasts neither read nor hear it. The user lists and sets them (section 8.9); another owner
 * is not among them, since an account has one.
 */
final class PepAffiliations {

    static final String OWNER = "owner";
    static final String NONE = "none";
    static final String OUTCAST = "outcast";
    private static final Set<String> SETTABLE = Set.of("member", "publisher", "publish-only", OUTCAST);
    private static final Set<String> PUBLISHERS = Set.of(OWNER, "publisher", "publish-only");

    private final PubSubStore store;

    PepAffiliations(PubSubStore store) {
        this.store = store;
    }

    /** The affiliation of {@code jid}'s bare JID with the owner's node. */
    String of(Jid owner, String node, Jid jid) throws StorageException {
        return jid.bare().equals(owner) ? OWNER : all(owner, node).getOrDefault(jid.bare(), NONE);
    }

    /** Every affiliation with the node but the owner's, by bare JID: what a notification to many contacts reads once. */
    Map<Jid, String> all(Jid owner, String node) throws StorageException {
        return store.affiliations(owner, node).stream().collect(Collectors.toMap(PubSubAffiliation::jid, PubSubAffiliation::affiliation));
    }

    static boolean publishes(String affiliation) {
        return PUBLISHERS.contains(affiliation);
    }

    /** Section 8.9.1: the user first, then the others by JID. */
    Element list(Jid owner, String node) throws StorageException {
        Element.Builder list = Element.builder("affiliations").attr("node", node).child(affiliation(owner, OWNER));
        for (PubSubAffiliation a : store.affiliations(owner, node)) list.child(affiliation(a.jid(), a.affiliation()));
        return Element.builder("pubsub").xmlns(PubSub.OWNER_NS).child(list.build()).build();
    }

    /** Section 8.9.2: each {@code <affiliation/>} sets one, {@code none} removes it; all are checked before any is made. */
    void modify(Jid owner, String node, Element affiliations) throws PubSub.Failure, StorageException {
        List<PubSubAffiliation> set = new ArrayList<>();
        List<Jid> removed = new ArrayList<>();
        for (Element a : affiliations.elements()) {
            if (!a.name().equals("affiliation")) continue;
            Jid jid = Jid.parse(a.attr("jid")).orElseThrow(() -> PubSub.failure(Condition.BAD_REQUEST, "not a JID: '" + a.attr("jid") + "'")).bare();
            String kind = a.attr("affiliation");
            if (jid.equals(owner)) throw PubSub.failure(Condition.CONFLICT, "the account's user remains the owner of its nodes");
            if (kind.equals(NONE)) removed.add(jid);
            else if (SETTABLE.contains(kind)) set.add(new PubSubAffiliation(node, jid, kind));
            else throw PubSub.failure(Condition.NOT_ACCEPTABLE, "an account's node has one owner; affiliations here are " + SETTABLE + " or none, not '" + kind + "'");
        }
        for (Jid jid : removed) store.unaffiliate(owner, node, jid);
        for (PubSubAffiliation a : set) store.affiliate(owner, a);
    }

    private static Element affiliation(Jid jid, String kind) {
        return Element.builder("affiliation").attr("jid", jid.toString()).attr("affiliation", kind).build();
    }
}
