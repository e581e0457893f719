package xmpp.mod.roster.internal;

import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * {@code jabber:iq:roster} requests to the user's own account (RFC 6121 section 2). Runs each
 * request on the thread that routes it, the sending client's own: a client that adds a contact
 * and then asks for a subscription must find the item named when the subscription arrives
 * (RFC 6120 section 10.1, in-order processing), which a request on a thread of its own could
 * overtake. One slow database call then holds up its sender alone.
 */
@Component
@IqHandlerFor(namespace = RosterXml.NS, scope = IqHandler.SCOPE_SM, discipline = IqHandler.NO_QUEUE)
public final class RosterIqHandler implements IqHandler {

    private final Rosters rosters;
    private final Sessions sessions;

    @Activate
    public RosterIqHandler(@Reference Rosters rosters, @Reference Sessions sessions) {
        this.rosters = rosters;
        this.sessions = sessions;
    }

    @Override
    public Element handle(Iq request) throws StanzaException {
        Jid from = request.from().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST, "no sender"));
        Jid owner = request.to().orElse(from.bare());
        if (!owner.equals(from.bare())) throw new StanzaException(Condition.FORBIDDEN, "a roster is its owner's only");   // RFC 6121 section 2.1.5
        Element query = request.payload().orElseThrow();
        try {
            if (request.type() == Iq.Type.GET) {
                Session session = sessions.session(from)
                        .orElseThrow(() -> new StanzaException(Condition.NOT_AUTHORIZED, "only a connected resource gets the roster"));
                Optional<Element> roster = rosters.get(session, query.findAttr("ver").orElse(null));
                return roster.isPresent() ? request.resultReply(roster.get()) : request.resultReply();
            }
            rosters.set(owner, RosterXml.request(query, owner, rosters.maxTextLength()));
            return request.resultReply();
        } catch (StorageException e) {
            Rosters.logFailure(request.type() == Iq.Type.GET ? "reading" : "a roster set", owner, e);
            throw new StanzaException(Condition.INTERNAL_SERVER_ERROR, "the roster cannot be reached now; try again later");
        }
    }
}
