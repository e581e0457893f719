package xmpp.mod.offline.internal;

import java.time.temporal.ChronoUnit;
import java.util.List;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.storage.OfflineMessage;
import xmpp.core.storage.OfflineStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * What waits in offline storage for an account, taken out and routed to the account again,
 * oldest first, each with a XEP-0203 delay stamp of when it arrived. One that finds nobody
 * available by then is kept again.
 */
final class WaitingMessages {

    static final String DELAY_NS = "urn:xmpp:delay";
    private static final String DELAY_REASON = "Offline Storage";
    private static final System.Logger log = System.getLogger(WaitingMessages.class.getName());

    private final OfflineStore store;
    private final Router router;

    WaitingMessages(OfflineStore store, Router router) {
        this.store = store;
        this.router = router;
    }

    void deliver(Jid account) {
        List<OfflineMessage> waiting;
        try {
            waiting = store.takeAll(account);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "cannot read the offline messages of {0}; they stay stored for its next login: {1}",
                    account, e.getMessage());
            return;
        }
        for (OfflineMessage m : waiting) {
            Element message = stamped(m, account.domain());
            Jid from = Jid.parse(message.attr("from")).orElse(account.domain());
            router.route(from, account, message);
        }
    }

    static Element stamped(OfflineMessage m, Jid server) {
        return m.message().withChild(Element.builder("delay").xmlns(DELAY_NS).attr("from", server.toString())
                .attr("stamp", m.stored().truncatedTo(ChronoUnit.MILLIS).toString()).text(DELAY_REASON).build());
    }

    /** Whether {@code message} was taken out of offline storage once already: it carries the stamp {@link #stamped} gives. */
    static boolean cameFromStorage(Element message) {
        return message.elements().stream().anyMatch(e -> e.name().equals("delay") && e.namespace().equals(DELAY_NS) && e.text().equals(DELAY_REASON));
    }
}
