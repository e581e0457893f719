package xmpp.mod.roster.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.StanzaHook;
import xmpp.core.stanza.Presence;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.Stanzas;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/** Subscription stanzas local users send (RFC 6121 section 3, the user's server): applied to their rosters, then routed. */
@Component(property = StanzaHook.POINT + "=" + StanzaHook.USER_SEND_PACKET)
public final class OutboundSubscriptions implements StanzaHook {

    private final Rosters rosters;
    private final Router router;

    @Activate
    public OutboundSubscriptions(@Reference Rosters rosters, @Reference Router router) {
        this.rosters = rosters;
        this.router = router;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (!Presence.isSubscription(stanza) || to.bare().equals(from.bare())) return stanza;
        try {
            rosters.outbound(from.bare(), to.bare(), stanza.withAttr("from", from.bare().toString()));
        } catch (StorageException e) {
            Rosters.logFailure("a <presence type='" + stanza.attr("type") + "'/> to " + to.bare(), from.bare(), e);
            router.route(to, from, Stanzas.errorReply(stanza, StanzaError.of(StanzaError.Condition.INTERNAL_SERVER_ERROR,
                    "your roster cannot be reached now; the request was not sent")));
        }
        return null;
    }
}
