package xmpp.mod.disco.internal;

import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;

/**
 * Who may discover an account (XEP-0030 section 8, RFC 6121 section 8.5.1): the user herself
 * and the contacts subscribed to her presence. Anyone else learns nothing, not even whether the
 * account exists.
 */
final class Subscribers {

    private Subscribers() {
    }

    static boolean mayDiscover(RosterStore rosters, Jid account, Optional<Jid> asker) throws StorageException {
        if (asker.isEmpty()) return false;
        Jid bare = asker.get().bare();
        return bare.equals(account) || rosters.item(account, bare).map(RosterItem::seenByContact).orElse(false);
    }
}
