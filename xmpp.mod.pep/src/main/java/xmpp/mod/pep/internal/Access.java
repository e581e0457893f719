package xmpp.mod.pep.internal;

import java.util.Collections;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.storage.RosterItem;

/** Whether an entity may see the items of an account's node, by the node's access model (XEP-0060 section 4.5). */
final class Access {

    private Access() {
    }

    /**
     * An outcast never; a member or publisher always (the whitelist is theirs); anyone else as
     * the access model says.
     *
     * @param requester the bare JID that asks or would be notified
     * @param item the owner's roster item for the requester, if any
     * @param affiliation the requester's affiliation with the node
     */
    static boolean allows(NodeConfig config, Jid owner, Jid requester, Optional<RosterItem> item, String affiliation) {
        if (requester.equals(owner)) return true;
        if (affiliation.equals(PepAffiliations.OUTCAST)) return false;
        if (affiliation.equals("member") || affiliation.equals("publisher")) return true;
        return switch (config.accessModel()) {
            case OPEN -> true;
            case PRESENCE -> item.map(RosterItem::seenByContact).orElse(false);
            case ROSTER -> item.map(i -> !Collections.disjoint(i.groups(), config.rosterGroups())).orElse(false);
            case WHITELIST -> false;
        };
    }
}
