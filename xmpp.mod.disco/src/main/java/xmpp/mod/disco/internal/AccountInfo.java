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
 * XEP-0030 disco#info of a user's bare JID, answered by the server on the user's behalf: the
 * account identity and the features every account has now (handlers of scope {@code sm} and
 * {@code xmpp.disco.account.feature}s). For the user and her subscribers only; anyone else gets
 * {@code service-unavailable}, as if there were no such account. A node's disco#info is its
 * module's ({@link AccountNodeCatalog}), for whoever the node lets see it; {@code item-not-found}
 * for anyone else and for a node no module has. Configured with {@link ServerInfo}.
 */
@Component(configurationPid = ServerInfo.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@IqHandlerFor(namespace = ServerInfo.NS, scope = IqHandler.SCOPE_SM) // one_queue: the roster read may wait on the database
public final class AccountInfo implements IqHandler {

    private static final Identity ACCOUNT = new Identity("account", "registered", "");

    private final DiscoCatalog catalog;
    private final AccountNodeCatalog nodes;
    private final RosterStore rosters;

    @Activate
    public AccountInfo(@Reference DiscoCatalog catalog, @Reference AccountNodeCatalog nodes, @Reference RosterStore rosters) {
        this.catalog = catalog;
        this.nodes = nodes;
        this.rosters = rosters;
    }

    @Override
    public Element handle(Iq iq) throws Exception {
        if (iq.type() == Iq.Type.SET) return iq.errorReply(StanzaError.Condition.NOT_ALLOWED);
        Jid account = iq.to().orElseThrow().bare();
        String node = iq.payload().map(p -> p.attr("node")).orElse("");
        // a node's own access rules decide, not the account's: a stranger may read an open PEP node
        if (!node.isEmpty() && iq.from().isPresent())
            return nodes.info(account, node, iq.from().get().bare()).map(iq::resultReply)
                    .orElseGet(() -> iq.errorReply(StanzaError.Condition.ITEM_NOT_FOUND));
        if (!Subscribers.mayDiscover(rosters, account, iq.from())) return iq.errorReply(StanzaError.Condition.SERVICE_UNAVAILABLE);
        Element.Builder query = Element.builder("query").xmlns(ServerInfo.NS).child(ACCOUNT.toElement());
        for (String feature : catalog.accountFeatures(account.domainpart()))
            query.child(Element.of("feature").withAttr("var", feature));
        return iq.resultReply(query.build());
    }
}
