package xmpp.mod.carbons.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Sessions;
import xmpp.core.route.StanzaHook;
import xmpp.core.stanza.Presence;
import xmpp.core.xml.Element;

/**
 * XEP-0280 section 5.1: what one resource receives, the user's other carbons-enabled resources
 * see as {@code <received/>}. A message to the account reaches all of its resources of highest
 * priority (RFC 6121 section 8.5.2.1.1), and this hook runs once for each: the copies go out
 * once, on the first of them, and only to resources that did not get the message itself; in a
 * cluster the resources of every node count, so exactly one node sends them.
 */
@Component(property = StanzaHook.POINT + "=" + StanzaHook.USER_RECEIVE_PACKET)
public final class ReceivedCopies implements StanzaHook {

    private final CarbonsEnabled carbons;
    private final Sessions sessions;

    @Activate
    public ReceivedCopies(@Reference CarbonsEnabled carbons, @Reference Sessions sessions) {
        this.carbons = carbons;
        this.sessions = sessions;
    }

    @Override
    public Element process(Jid from, Jid session, Element stanza) {
        if (!Eligibility.received(stanza)) return stanza;
        Jid account = session.bare();
        Optional<Jid> addressed = Jid.parse(stanza.attr("to"));
        if (addressed.isPresent() && addressed.get().isFull()) {
            carbons.copy(account, "received", stanza, session::equals);
            return stanza;
        }
        List<Jid> receivers = highestPriority(account);
        if (receivers.isEmpty() || receivers.getFirst().equals(session) || !receivers.contains(session))
            carbons.copy(account, "received", stanza, jid -> jid.equals(session) || receivers.contains(jid));
        return stanza;
    }

    /** The account's available resources of highest non-negative priority, on every node, in JID order. */
    private List<Jid> highestPriority(Jid account) {
        Map<Jid, Element> available = sessions.presencesOf(account);
        int top = -1;
        for (Element p : available.values()) top = Math.max(top, Presence.priorityOf(p));
        int highest = top;
        return available.entrySet().stream().filter(e -> highest >= 0 && Presence.priorityOf(e.getValue()) == highest)
                .map(Map.Entry::getKey).sorted().toList();
    }
}
