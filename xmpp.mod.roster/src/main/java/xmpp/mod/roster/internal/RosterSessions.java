package xmpp.mod.roster.internal;

import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/** Sessions coming and going: waiting subscription requests at initial presence, and no more pushes after the end. */
@Component
public final class RosterSessions implements SessionListener {

    private final Rosters rosters;

    @Activate
    public RosterSessions(@Reference Rosters rosters) {
        this.rosters = rosters;
    }

    @Override
    public void available(Session session, Element presence, Optional<Element> previous) {
        if (previous.isPresent()) return;
        try {
            rosters.deliverWaitingRequests(session);
        } catch (StorageException e) {
            Rosters.logFailure("delivering waiting subscription requests", session.jid().bare(), e);
        }
    }

    @Override
    public void closed(Session session) {
        rosters.forget(session);
    }
}
