package xmpp.mod.disco.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import xmpp.core.jid.Jid;
import xmpp.core.route.AccountNodes;
import xmpp.core.route.IqHandler;
import xmpp.core.route.ServiceProperties;
import xmpp.core.xml.Element;

/**
 * The {@link AccountNodes} services registered now, asked together: the nodes every account's
 * disco#items lists and whose disco#info is answered, each appearing and going with its module,
 * and each asked only for the accounts of the domains its {@code xmpp.host} names ({@code *}, the
 * default: all), as a module configured per domain registers one per domain.
 */
@Component(service = AccountNodeCatalog.class)
public final class AccountNodeCatalog {

    /** A registered module and the domains it serves (its {@code xmpp.host}s). */
    private record Module(AccountNodes nodes, List<String> hosts) {
        boolean serves(Jid account) {
            return hosts.contains(IqHandler.ANY_HOST) || hosts.contains(account.domainpart());
        }
    }

    private final List<Module> modules = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void add(AccountNodes nodes, Map<String, ?> props) {
        modules.add(new Module(nodes, ServiceProperties.strings(props, IqHandler.HOST, IqHandler.ANY_HOST)));
    }

    void remove(AccountNodes nodes) {
        modules.removeIf(m -> m.nodes() == nodes);
    }

    List<Element> items(Jid account, Jid requester) throws Exception {
        List<Element> items = new ArrayList<>();
        for (Module m : modules) if (m.serves(account)) items.addAll(m.nodes().items(account, requester));
        return items;
    }

    /** The first module's answer for the node; nodes are named by their namespaces, so two modules do not share one. */
    Optional<Element> info(Jid account, String node, Jid requester) throws Exception {
        for (Module m : modules) {
            if (!m.serves(account)) continue;
            Optional<Element> info = m.nodes().info(account, node, requester);
            if (info.isPresent()) return info;
        }
        return Optional.empty();
    }
}
