package xmpp.mod.pep.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.AccountNodes;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * An account's PEP nodes in service discovery (XEP-0060 sections 5.2 and 5.3, which XEP-0163
 * applies to an account): listed in its disco#items, and each answering disco#info as a leaf
 * node with its meta-data, for whoever may read the node; to anyone else a node is unknown.
 */
@Component(configurationPid = PepService.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class PepNodes implements AccountNodes {

    private static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";

    private final PubSubStore store;
    private final NodeReaders readers;

    @Activate
    public PepNodes(PepService.Config config, @Reference PubSubStore store, @Reference RosterStore rosters) {
        this(store, rosters, config.max_items());
    }

    PepNodes(PubSubStore store, RosterStore rosters, int maxItems) {
        this.store = store;
        this.readers = new NodeReaders(store, rosters, maxItems);
    }

    @Override
    public List<Element> items(Jid account, Jid requester) throws StorageException {
        List<Element> items = new ArrayList<>();
        for (PubSubNode node : store.nodes(account))
            if (readers.visible(account, requester, node.name()).isPresent())
                items.add(Element.builder("item").attr("jid", account.toString()).attr("node", node.name()).build());
        return items;
    }

    @Override
    public Optional<Element> info(Jid account, String node, Jid requester) throws StorageException {
        return readers.visible(account, requester, node).map(config -> Element.builder("query").xmlns(DISCO_INFO).attr("node", node)
                .child(Element.builder("identity").attr("category", "pubsub").attr("type", "leaf").build())
                .child(Element.builder("feature").attr("var", PubSub.NS).build())
                .child(config.toMetaData(account, requester.equals(account)))
                .build());
    }
}
