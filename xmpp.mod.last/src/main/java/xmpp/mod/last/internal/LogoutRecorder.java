package xmpp.mod.last.internal;

import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.route.Sessions;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/** Records an account's logout when its last available resource goes unavailable (XEP-0012 section 4). */
@Component
public final class LogoutRecorder implements SessionListener {

    private static final System.Logger log = System.getLogger(LogoutRecorder.class.getName());

    private final LastLogouts logouts;
    private final Sessions sessions;
    private final Clock clock;

    @Activate
    public LogoutRecorder(@Reference PrivateXmlStore store, @Reference Sessions sessions) {
        this(new LastLogouts(store), sessions, Clock.systemUTC());
    }

    LogoutRecorder(LastLogouts logouts, Sessions sessions, Clock clock) {
        this.logouts = logouts;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public void unavailable(Session session, Element presence) {
        Jid account = session.jid().bare();
        if (LastActivity.isOnline(sessions, account)) return;   // another resource is still there: not a logout
        String status = presence.child("status").map(Element::text).orElse("");
        try {
            logouts.record(account, new LastLogouts.Logout(clock.instant(), status));
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "cannot record the logout of {0}; last activity queries keep its previous one: {1}",
                    account, e.getMessage());
        }
    }
}
