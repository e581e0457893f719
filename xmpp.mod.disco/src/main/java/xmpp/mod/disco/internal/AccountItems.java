package xmpp.mod.disco.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.storage.RosterStore;
import xmpp.core.xml.Element;

/**
 * XEP-0030 disco#items of a user's bare JID, on the user's behalf: the nodes of the account
 * that modules keep ({@link AccountNodeCatalog}, such as PEP's) and the requester may see, for
 * the user and her subscribers; {@code service-unavailable} for
 * anyone else, as {@link AccountInfo}. Configured with {@link ServerInfo}.
 */
@Component(configurationPid = ServerInfo.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@IqHandlerFor(namespace = ServerItems.NS, scope = IqHandler.SCOPE_SM) // one_queue: the roster read may wait on the database
public final class AccountItems implements IqHandler {

    private final AccountNodeCatalog nodes;
    private final RosterStore rosters;

    @Activate
    public AccountItems(@Reference AccountNodeCatalog nodes, @Reference RosterStore rosters) {
        this.nodes = nodes;
        this.rosters = rosters;
    }

    @Override
    public Element handle(Iq iq) throws Exception {
        if (iq.type() == Iq.Type.SET) return iq.errorReply(StanzaError.Condition.NOT_ALLOWED);
        Jid account = iq.to().orElseThrow().bare();
        if (!Subscribers.mayDiscover(rosters, account, iq.from())) return iq.errorReply(StanzaError.Condition.SERVICE_UNAVAILABLE);
        if (!iq.payload().map(p -> p.attr("node")).orElse("").isEmpty()) return iq.errorReply(StanzaError.Condition.ITEM_NOT_FOUND);
        Element.Builder query = Element.builder("query").xmlns(ServerItems.NS);
        for (Element item : nodes.items(account, iq.from().orElseThrow().bare())) query.child(item);
        return iq.resultReply(query.build());
    }
}
