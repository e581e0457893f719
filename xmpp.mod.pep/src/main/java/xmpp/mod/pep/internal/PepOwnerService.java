package xmpp.mod.pep.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * The owner's use cases of XEP-0060 section 8 on her own account: a node's configuration read
 * and changed (a client whose publish-options failed as a precondition reconfigures the node,
 * then publishes again, as Conversations does for OMEMO), the default configuration, a node's
 * affiliations listed and set, a node purged or deleted, which those who get the node's
 * notifications hear of.
 */
@Component(configurationPid = PepService.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@IqHandlerFor(namespace = PubSub.OWNER_NS, scope = IqHandler.SCOPE_SM, discipline = IqHandler.PARALLEL)   // database calls each
public final class PepOwnerService implements IqHandler {

    private static final System.Logger log = System.getLogger(PepOwnerService.class.getName());

    private final PubSubStore store;
    private final PepAffiliations affiliations;
    private final PepEvents events;
    private final int maxItems;

    @Activate
    public PepOwnerService(PepService.Config config, @Reference PubSubStore store, @Reference PepEvents events) {
        this(store, events, config.max_items());
    }

    PepOwnerService(PubSubStore store, PepEvents events, int maxItems) {
        this.store = store;
        this.affiliations = new PepAffiliations(store);
        this.events = events;
        this.maxItems = maxItems;
    }

    @Override
    public Element handle(Iq request) {
        try {
            Jid from = request.from().orElseThrow(() -> PubSub.failure(Condition.BAD_REQUEST, "no sender"));
            Jid owner = request.to().orElse(from.bare()).bare();
            if (!owner.equals(from.bare())) throw PubSub.failure(Condition.FORBIDDEN, "only the account's user owns its nodes");
            Element action = request.payload().orElseThrow().elements().stream().findFirst()
                    .orElseThrow(() -> PubSub.failure(Condition.BAD_REQUEST, "the request names no action"));
            return switch (request.type().attributeValue() + " " + action.name()) {
                case "get default" -> request.resultReply(owner(Element.builder("default").child(NodeConfig.DEFAULT.toConfigureForm()).build()));
                case "get configure" -> request.resultReply(owner(Element.builder("configure").attr("node", PubSub.nodeName(action))
                        .child(config(owner, PubSub.nodeName(action)).toConfigureForm()).build()));
                case "set configure" -> { configure(owner, action); yield request.resultReply(); }
                case "get affiliations" -> request.resultReply(affiliations.list(owner, PubSub.existing(store, owner, PubSub.nodeName(action)).name()));
                case "set affiliations" -> {
                    affiliations.modify(owner, PubSub.existing(store, owner, PubSub.nodeName(action)).name(), action);
                    yield request.resultReply();
                }
                case "set purge" -> { removed(owner, action, "purge"); yield request.resultReply(); }
                case "set delete" -> { removed(owner, action, "delete"); yield request.resultReply(); }
                default -> throw PubSub.failure(Condition.FEATURE_NOT_IMPLEMENTED, "unsupported",
                        action.name() + " (" + request.type().attributeValue() + ") is not supported on an account");
            };
        } catch (PubSub.Failure f) {
            return f.replyTo(request);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "PEP owner request {0} failed, the client got internal-server-error: {1}", request.id(), e.getMessage());
            return PubSub.failure(Condition.INTERNAL_SERVER_ERROR, "PEP nodes cannot be reached now; try again later").replyTo(request);
        }
    }

    /** XEP-0060 section 8.2.4: a submitted form changes the configuration; a cancelled one changes nothing. */
    private void configure(Jid owner, Element configure) throws PubSub.Failure, StorageException {
        String node = PubSub.nodeName(configure);
        PubSubNode existing = PubSub.existing(store, owner, node);
        Element form = configure.elements().stream().filter(NodeConfig::isForm).findFirst()
                .orElseThrow(() -> PubSub.failure(Condition.BAD_REQUEST, "the configuration form is missing"));
        if (form.attr("type").equals("cancel")) return;
        NodeConfig changed = NodeConfig.fromStored(existing.config(), maxItems).with(form, maxItems);
        store.putNode(new PubSubNode(owner, node, existing.owner(), changed.toForm()));
    }

    /**
     * XEP-0060 sections 8.5 and 8.4: the node's items gone, then the notification of it; or the
     * notification of the deletion, then the node, whose explicit subscriptions go with it.
     */
    private void removed(Jid owner, Element action, String what) throws PubSub.Failure, StorageException {
        String node = PubSub.nodeName(action);
        NodeConfig config = config(owner, node);
        Element change = Element.builder(what).attr("node", node).build();
        if (what.equals("purge")) {
            store.purge(owner, node);
            events.notify(owner, node, config, change);
            return;
        }
        events.notify(owner, node, config, change);
        if (!store.deleteNode(owner, node)) throw PubSub.failure(Condition.ITEM_NOT_FOUND, "no node " + node);
    }

    private NodeConfig config(Jid owner, String node) throws PubSub.Failure, StorageException {
        return NodeConfig.fromStored(PubSub.existing(store, owner, node).config(), maxItems);
    }

    private static Element owner(Element child) {
        return Element.builder("pubsub").xmlns(PubSub.OWNER_NS).child(child).build();
    }
}
