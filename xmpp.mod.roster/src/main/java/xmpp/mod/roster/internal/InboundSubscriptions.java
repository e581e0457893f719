package xmpp.mod.roster.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.stanza.Presence;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Subscription stanzas for local accounts (RFC 6121 section 3, the contact's server): applied
 * to the account's roster, answered for it where the RFC says so, and delivered only when the
 * user has something to decide or learn.
 */
@Component(property = StanzaHook.POINT + "=" + StanzaHook.INBOUND_PRESENCE)
public final class InboundSubscriptions implements StanzaHook {

    private final Rosters rosters;

    @Activate
    public InboundSubscriptions(@Reference Rosters rosters) {
        this.rosters = rosters;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (!Presence.isSubscription(stanza) || from.bare().equals(to.bare())) return stanza;
        Element bare = stanza.withAttr("from", from.bare().toString()).withAttr("to", to.bare().toString());
        try {
            return rosters.inbound(from.bare(), to.bare(), bare);
        } catch (StorageException e) {
            Rosters.logFailure("an inbound <presence type='" + stanza.attr("type") + "'/> from " + from.bare(), to.bare(), e);
            return bare;   // delivered unrecorded rather than lost: the user can still answer it
        }
    }
}
