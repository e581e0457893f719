package xmpp.core.route;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * The nodes a module keeps at every account (XEP-0030 nodes of a user's bare JID, such as her
 * PEP nodes), as service discovery shows them: a whiteboard service. The discovery module,
 * which answers disco#info and disco#items to accounts, asks each registered one; the module
 * decides who sees what, since only it knows a node's access rules. The service property
 * {@link IqHandler#HOST} names the domains whose accounts it keeps nodes of ({@code *}, the
 * default: all of them).
 *
 * @since 1.2
 */
@ConsumerType
public interface AccountNodes {

    /**
     * The {@code <item jid node name?/>} elements of the account's disco#items for the nodes
     * {@code requester} may see; called only for the user and those the account lets discover it.
     *
     * @param requester a bare JID
     */
    List<Element> items(Jid account, Jid requester) throws Exception;

    /**
     * The disco#info {@code <query/>} of one node, if it is this module's and {@code requester}
     * may see it; empty otherwise, which the discovery module answers {@code item-not-found}.
     *
     * @param requester a bare JID, whether the account lets it discover the account or not
     */
    Optional<Element> info(Jid account, String node, Jid requester) throws Exception;
}
