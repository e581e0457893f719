package xmpp.mod.offline.internal;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.stanza.Presence;
import xmpp.core.storage.OfflineMessage;
import xmpp.core.storage.OfflineStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Delivers kept messages when the user next sends available presence of non-negative priority
 * (XEP-0160 section 3), oldest first, each with a XEP-0203 delay stamp of when it arrived.
 * They are routed to the account again: if the session has gone meanwhile, they are kept again.
 */
@Component
public final class OfflineDelivery implements SessionListener {

    static final String DELAY_NS = "urn:xmpp:delay";
    private static final System.Logger log = System.getLogger(OfflineDelivery.class.getName());

    private final OfflineStore store;
    private final Router router;

    @Activate
    public OfflineDelivery(@Reference OfflineStore store, @Reference Router router) {
        this.store = store;
        this.router = router;
    }

    @Override
    public void available(Session session, Element presence, Optional<Element> previous) {
        boolean wasReachable = previous.isPresent() && Presence.priorityOf(previous.get()) >= 0;
        if (wasReachable || Presence.priorityOf(presence) < 0) return;
        Jid account = session.jid().bare();
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
                .attr("stamp", m.stored().truncatedTo(ChronoUnit.MILLIS).toString()).text("Offline Storage").build());
    }
}
