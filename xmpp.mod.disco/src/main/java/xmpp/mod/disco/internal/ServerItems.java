package xmpp.mod.disco.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import xmpp.core.command.AdhocCommand;
import xmpp.core.jid.Jid;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.xml.Element;

/**
 * XEP-0030 disco#items of the server: the components routed at its subdomains (echo, a MUC
 * service), named after their {@code xmpp.disco.identity}; and, for the node
 * {@code http://jabber.org/protocol/commands} (XEP-0050 section 2.2), the ad-hoc commands the
 * requester may run. Configured with {@link ServerInfo}.
 */
@Component(configurationPid = ServerInfo.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@IqHandlerFor(namespace = ServerItems.NS, discipline = IqHandler.NO_QUEUE) // built from memory: cheaper than a queue hop
public final class ServerItems implements IqHandler {

    static final String NS = "http://jabber.org/protocol/disco#items";
    static final String COMMANDS_NODE = "http://jabber.org/protocol/commands";

    private final DiscoCatalog catalog;
    private final Map<AdhocCommand, Map<String, Object>> commands = new ConcurrentHashMap<>();

    @Activate
    public ServerItems(@Reference DiscoCatalog catalog) {
        this.catalog = catalog;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addCommand(AdhocCommand command, Map<String, Object> props) {
        commands.put(command, Map.copyOf(props));
    }

    void removeCommand(AdhocCommand command) {
        commands.remove(command);
    }

    @Override
    public Element handle(Iq iq) {
        if (iq.type() == Iq.Type.SET) return iq.errorReply(StanzaError.Condition.NOT_ALLOWED);
        String node = iq.payload().map(p -> p.attr("node")).orElse("");
        String host = iq.to().map(to -> to.domainpart()).orElse("");
        if (node.equals(COMMANDS_NODE)) return iq.resultReply(commandsFor(iq.from().orElseThrow(), host));
        if (!node.isEmpty()) return iq.errorReply(StanzaError.Condition.ITEM_NOT_FOUND);
        Element.Builder query = Element.builder("query").xmlns(NS);
        for (DiscoCatalog.Item item : catalog.components(host)) {
            Element.Builder e = Element.builder("item").attr("jid", item.jid());
            if (!item.identity().name().isEmpty()) e.attr("name", item.identity().name());
            query.child(e.build());
        }
        return iq.resultReply(query.build());
    }

    private Element commandsFor(Jid requester, String host) {
        Element.Builder query = Element.builder("query").xmlns(NS).attr("node", COMMANDS_NODE);
        commands.entrySet().stream().filter(c -> c.getKey().allowed(requester, host))
                .map(c -> Element.builder("item").attr("jid", host).attr("node", String.valueOf(c.getValue().get(AdhocCommand.NODE)))
                        .attr("name", String.valueOf(c.getValue().getOrDefault(AdhocCommand.NAME, c.getValue().get(AdhocCommand.NODE)))).build())
                .sorted(java.util.Comparator.comparing(e -> e.attr("node")))
                .forEach(query::child);
        return query.build();
    }
}
