package xmpp.core.route;

import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * Delivers stanzas: the seed's {@code ejabberd_router:route(From, To, Packet)}.
 *
 * <p>Lookup order (seed section 3.1): a route on this node (a {@link Component} or a served
 * domain), then the global route table (another node of the cluster), then the S2S manager
 * for a domain nobody here serves. A stanza that cannot be delivered is answered with a
 * stanza error to {@code from}, unless it is itself an error; it is never dropped in silence.
 *
 * <p>{@code route} never blocks on the recipient: delivery queues are bounded and a full one
 * closes the slow recipient's session, never the sender's call.
 */
@ProviderType
public interface Router {

    /**
     * Routes {@code stanza} from {@code from} to {@code to}. The stanza's own {@code from} and
     * {@code to} attributes are set by the caller; the router trusts the arguments.
     */
    void route(Jid from, Jid to, Element stanza);

    /** How many stanzas this router has routed since it started, for statistics. */
    default long routedCount() {
        return 0;
    }
}
