package xmpp.mod.disco.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.xml.Element;

/**
 * XEP-0030 disco#items of the server: the components routed at its subdomains (echo, a MUC
 * service), named after their {@code xmpp.disco.identity}. Configured with {@link ServerInfo}.
 */
@Component(configurationPid = ServerInfo.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@IqHandlerFor(namespace = ServerItems.NS, discipline = IqHandler.NO_QUEUE) // built from memory: cheaper than a queue hop
public final class ServerItems implements IqHandler {

    static final String NS = "http://jabber.org/protocol/disco#items";

    private final DiscoCatalog catalog;

    @Activate
    public ServerItems(@Reference DiscoCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Element handle(Iq iq) {
        if (iq.type() == Iq.Type.SET) return iq.errorReply(StanzaError.Condition.NOT_ALLOWED);
        if (!iq.payload().map(p -> p.attr("node")).orElse("").isEmpty()) return iq.errorReply(StanzaError.Condition.ITEM_NOT_FOUND);
        String host = iq.to().map(to -> to.domainpart()).orElse("");
        Element.Builder query = Element.builder("query").xmlns(NS);
        for (DiscoCatalog.Item item : catalog.components(host)) {
            Element.Builder e = Element.builder("item").attr("jid", item.jid());
            if (!item.identity().name().isEmpty()) e.attr("name", item.identity().name());
            query.child(e.build());
        }
        return iq.resultReply(query.build());
    }
}
