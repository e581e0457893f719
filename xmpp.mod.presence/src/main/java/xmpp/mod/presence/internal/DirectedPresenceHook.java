package xmpp.mod.presence.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Sessions;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/** Notes the directed presence local users send (RFC 6121 section 4.6.2), and its withdrawal. */
@Component(property = StanzaHook.POINT + "=" + StanzaHook.USER_SEND_PACKET)
public final class DirectedPresenceHook implements StanzaHook {

    private final DirectedPresence directed;
    private final Sessions sessions;

    @Activate
    public DirectedPresenceHook(@Reference DirectedPresence directed, @Reference Sessions sessions) {
        this.directed = directed;
        this.sessions = sessions;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (!stanza.name().equals("presence") || to.bare().equals(from.bare()) || !stanza.hasAttr("to")) return stanza;
        String type = stanza.attr("type");
        if (type.isEmpty()) sessions.session(from).ifPresent(s -> directed.sent(s, to));
        else if (type.equals("unavailable")) sessions.session(from).ifPresent(s -> directed.withdrawn(s, to));
        return stanza;
    }
}
