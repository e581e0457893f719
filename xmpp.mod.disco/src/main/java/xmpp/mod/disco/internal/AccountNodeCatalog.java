package xmpp.mod.disco.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import xmpp.core.jid.Jid;
import xmpp.core.route.AccountNodes;
import xmpp.core.xml.Element;

/**
 * The {@link AccountNodes} services registered now, asked together: the nodes every account's
 * disco#items lists and whose disco#info is answered, each appearing and going with its module.
 */
@Component(service = AccountNodeCatalog.class)
public final class AccountNodeCatalog {

    private final List<AccountNodes> modules = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void add(AccountNodes nodes) {
        modules.add(nodes);
    }

    void remove(AccountNodes nodes) {
        modules.remove(nodes);
    }

    List<Element> items(Jid account, Jid requester) throws Exception {
        List<Element> items = new ArrayList<>();
        for (AccountNodes m : modules) items.addAll(m.items(account, requester));
        return items;
    }

    /** The first module's answer for the node; nodes are named by their namespaces, so two modules do not share one. */
    Optional<Element> info(Jid account, String node, Jid requester) throws Exception {
        for (AccountNodes m : modules) {
            Optional<Element> info = m.info(account, node, requester);
            if (info.isPresent()) return info;
        }
        return Optional.empty();
    }
}
