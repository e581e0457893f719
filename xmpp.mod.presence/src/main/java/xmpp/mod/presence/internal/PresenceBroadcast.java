package xmpp.mod.presence.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.route.Sessions;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Broadcast presence (RFC 6121 sections 4.2, 4.4 and 4.5): to the contacts subscribed to the
 * user; at initial presence, probes to the contacts the user is subscribed to and the
 * presence of the user's other resources; at unavailable, also to those that got directed
 * presence.
 */
@Component
public final class PresenceBroadcast implements SessionListener {

    private static final System.Logger log = System.getLogger(PresenceBroadcast.class.getName());

    private final RosterStore rosters;
    private final Router router;
    private final Sessions sessions;
    private final DirectedPresence directed;

    @Activate
    public PresenceBroadcast(@Reference RosterStore rosters, @Reference Router router, @Reference Sessions sessions,
                             @Reference DirectedPresence directed) {
        this.rosters = rosters;
        this.router = router;
        this.sessions = sessions;
        this.directed = directed;
    }

    @Override
    public void available(Session session, Element presence, Optional<Element> previous) {
        Jid full = session.jid();
        List<RosterItem> items = itemsOf(full.bare(), "broadcasting its presence");
        for (RosterItem item : items) if (item.seenByContact()) send(full, item.contact(), presence);
        if (previous.isPresent()) return;
        Jid account = full.bare();
        for (RosterItem item : items) {
            if (item.seesContact())   // 4.3.1: from the bare JID, so the answer reaches every resource that wants it
                send(account, item.contact(), Element.of("presence").withAttr("type", "probe").withAttr("from", account.toString()));
        }
        sessions.presencesOf(account).forEach((other, p) -> {   // 4.4.2: the other resources, on whichever node
            if (!other.equals(full)) send(other, full, p);
        });
    }

    @Override
    public void unavailable(Session session, Element presence) {
        Jid full = session.jid();
        Set<Jid> told = new HashSet<>();
        for (RosterItem item : itemsOf(full.bare(), "telling its contacts it went away")) {
            if (!item.seenByContact()) continue;
            send(full, item.contact(), presence);
            told.add(item.contact());
        }
        for (Jid target : directed.takeAll(session))   // 4.6.3
            if (!told.contains(target)) send(full, target, presence);
    }

    @Override
    public void closed(Session session) {
        directed.takeAll(session);
    }

    private List<RosterItem> itemsOf(Jid account, String what) {
        try {
            return rosters.items(account);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "presence of {0}: cannot read its roster while {1}; its contacts are not told: {2}",
                    account, what, e.getMessage());
            return List.of();
        }
    }

    private void send(Jid from, Jid to, Element presence) {
        send(router, from, to, presence);
    }

    /** Routes {@code presence} with its addresses stamped: the server speaks for a local user here. */
    static void send(Router router, Jid from, Jid to, Element presence) {
        router.route(from, to, presence.withAttr("from", from.toString()).withAttr("to", to.toString()));
    }
}
