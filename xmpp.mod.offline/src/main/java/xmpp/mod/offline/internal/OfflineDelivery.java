package xmpp.mod.offline.internal;

import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.stanza.Presence;
import xmpp.core.storage.OfflineStore;
import xmpp.core.xml.Element;

/**
 * Delivers kept messages when the user next sends available presence of non-negative priority
 * (XEP-0160 section 3), oldest first, each with a XEP-0203 delay stamp of when it arrived.
 * They are routed to the account again: if the session has gone meanwhile, they are kept again.
 */
@Component
public final class OfflineDelivery implements SessionListener {

    private final WaitingMessages waiting;

    @Activate
    public OfflineDelivery(@Reference OfflineStore store, @Reference Router router) {
        this.waiting = new WaitingMessages(store, router);
    }

    @Override
    public void available(Session session, Element presence, Optional<Element> previous) {
        boolean wasReachable = previous.isPresent() && Presence.priorityOf(previous.get()) >= 0;
        if (wasReachable || Presence.priorityOf(presence) < 0) return;
        waiting.deliver(session.jid().bare());
    }
}
