package xmpp.mod.presence.internal;

import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Sessions;
import xmpp.core.route.StanzaHook;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Answers presence probes for local accounts on their users' behalf (RFC 6121 section 4.3.2):
 * the last presence of each available resource to a subscriber, unavailable when there is
 * none, and {@code unsubscribed} to anyone without a subscription.
 */
@Component(property = StanzaHook.POINT + "=" + StanzaHook.INBOUND_PRESENCE)
public final class ProbeAnswers implements StanzaHook {

    private static final System.Logger log = System.getLogger(ProbeAnswers.class.getName());

    private final RosterStore rosters;
    private final Router router;
    private final Sessions sessions;

    @Activate
    public ProbeAnswers(@Reference RosterStore rosters, @Reference Router router, @Reference Sessions sessions) {
        this.rosters = rosters;
        this.router = router;
        this.sessions = sessions;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (!stanza.attr("type").equals("probe")) return stanza;
        Jid account = to.bare();
        if (from.bare().equals(account)) return null;   // the server probes contacts, never its own user
        Optional<RosterItem> item;
        try {
            item = rosters.item(account, from.bare());
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "cannot answer a presence probe from {0} to {1}: its roster is unreadable: {2}",
                    from, account, e.getMessage());
            return null;   // no answer reveals nothing; the prober asks again at its next login
        }
        if (item.isEmpty() || !item.get().seenByContact()) {
            send(account, from, Element.of("presence").withAttr("type", "unsubscribed"));
            return null;
        }
        Map<Jid, Element> available = sessions.presencesOf(account);   // on every node: the prober's may hold none of them
        available.forEach((session, last) -> send(session, from, last));
        if (available.isEmpty()) send(account, from, Element.of("presence").withAttr("type", "unavailable"));
        return null;
    }

    private void send(Jid from, Jid to, Element presence) {
        PresenceBroadcast.send(router, from, to, presence);
    }
}
