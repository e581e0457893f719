package xmpp.mod.carbons.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/**
 * XEP-0280 in a cluster: a copy that another node's carbons module sent to each available
 * resource of the account reaches a session here only if it enabled carbons. First among the
 * receive hooks, so that nothing else (archiving, push) sees a copy that is not delivered.
 */
@Component(property = {StanzaHook.POINT + "=" + StanzaHook.USER_RECEIVE_PACKET, "service.ranking:Integer=2000"})
public final class RemoteCopies implements StanzaHook {

    private final CarbonsEnabled carbons;

    @Activate
    public RemoteCopies(@Reference CarbonsEnabled carbons) {
        this.carbons = carbons;
    }

    @Override
    public Element process(Jid from, Jid session, Element stanza) {
        return isCopy(from, session, stanza) && !carbons.enabled(session) ? null : stanza;
    }

    /** Section 11: a copy comes from the account's bare JID; no one else may send one. */
    private static boolean isCopy(Jid from, Jid session, Element stanza) {
        return stanza.name().equals("message") && from.equals(session.bare())
                && (stanza.child("sent", CarbonsEnabled.NS).isPresent() || stanza.child("received", CarbonsEnabled.NS).isPresent());
    }
}
