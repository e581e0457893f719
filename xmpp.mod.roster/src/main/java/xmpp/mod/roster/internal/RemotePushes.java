package xmpp.mod.roster.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/**
 * RFC 6121 section 2.1.6 in a cluster: a roster push that another node's roster module sent to
 * every available resource of the account reaches a session here only if it asked for the
 * roster. First among the receive hooks, so that nothing else sees a push that is not delivered.
 */
@Component(property = {StanzaHook.POINT + "=" + StanzaHook.USER_RECEIVE_PACKET, "service.ranking:Integer=2000"})
public final class RemotePushes implements StanzaHook {

    private final Rosters rosters;

    @Activate
    public RemotePushes(@Reference Rosters rosters) {
        this.rosters = rosters;
    }

    @Override
    public Element process(Jid from, Jid session, Element stanza) {
        return isPush(from, session, stanza) && !rosters.interested(session) ? null : stanza;
    }

    /** Only the server sends an IQ set from the account's bare JID to one of its resources. */
    private static boolean isPush(Jid from, Jid session, Element stanza) {
        return stanza.name().equals("iq") && stanza.attr("type").equals("set") && from.equals(session.bare())
                && stanza.child("query", RosterXml.NS).isPresent();
    }
}
