package xmpp.mod.pep.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.jid.Jid;
import xmpp.core.route.Disco;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.PubSubItem;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;
import xmpp.mod.pubsub.paging.ItemPage;

/**
 * Personal eventing (XEP-0163): every account is a pubsub service of its own. Its user
 * publishes (creating the node at the first publication, with her publish-options as its
 * configuration, and checking them as preconditions afterwards), retracts and reads; the
 * publishers she affiliates publish to her existing nodes; anyone the node's access model and
 * affiliations allow reads, page by page (XEP-0059), and subscribes.
 */
@Component(configurationPid = PepService.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
           property = {Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#publish", Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#auto-create",
                       Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#auto-subscribe", Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#filtered-notifications",
                       Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#publish-options", Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#persistent-items",
                       Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#retrieve-items", Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#retract-items",
                       Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#create-nodes", Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#last-published",
                       Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#access-open", Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#access-presence",
                       Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#access-roster", Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#access-whitelist",
                       Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#modify-affiliations", Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#member-affiliation",
                       Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#outcast-affiliation", Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#publisher-affiliation",
                       Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#publish-only-affiliation",
                       Disco.ACCOUNT_FEATURE + "=" + PubSub.NS + "#subscribe", Disco.ACCOUNT_FEATURE + "=" + ItemPage.RSM_NS,
                       // The server's own too, as ejabberd lists them: Smack's OMEMO looks for PubSub there (OmemoManager.serverSupportsOmemo).
                       Disco.FEATURE + "=" + PubSub.NS, Disco.FEATURE + "=" + PubSub.NS + "#publish-options"})
@Designate(ocd = PepService.Config.class, factory = true)
@IqHandlerFor(namespace = PubSub.NS, scope = IqHandler.SCOPE_SM, discipline = IqHandler.PARALLEL)   // database calls each
public final class PepService implements IqHandler {

    static final String PID = "xmpp.mod.pep";
    private static final System.Logger log = System.getLogger(PepService.class.getName());

    @ObjectClassDefinition(name = "XMPP module: pep", description = "Personal eventing (XEP-0163) on every account.")
    @interface Config {
        @AttributeDefinition(description = "Served domain, or * for all of them.")
        String xmpp_host() default IqHandler.ANY_HOST;

        @AttributeDefinition(description = "Most items a node keeps, also when its pubsub#max_items is max.")
        int max_items() default 256;

        @AttributeDefinition(description = "Largest item a user may publish, in bytes of XML; larger ones get not-acceptable with payload-too-big.")
        int max_item_bytes() default 262144;
    }

    private final PubSubStore store;
    private final PepAffiliations affiliations;
    private final NodeReaders readers;
    private final PepEvents events;
    private final PepSubscriptions subscriptions;
    private final int maxItems;
    private final int maxItemBytes;

    @Activate
    public PepService(Config config, @Reference PubSubStore store, @Reference RosterStore rosters, @Reference PepEvents events) {
        this(store, rosters, events, config.max_items(), config.max_item_bytes());
    }

    PepService(PubSubStore store, RosterStore rosters, PepEvents events, int maxItems, int maxItemBytes) {
        this.store = store;
        this.affiliations = new PepAffiliations(store);
        this.readers = new NodeReaders(store, rosters, maxItems);
        this.events = events;
        this.subscriptions = new PepSubscriptions(store);
        this.maxItems = maxItems;
        this.maxItemBytes = maxItemBytes;
    }

    @Override
    public Element handle(Iq request) {
        try {
            Jid from = request.from().orElseThrow(() -> PubSub.failure(Condition.BAD_REQUEST, "no sender"));
            Jid service = request.to().orElse(from.bare()).bare();
            Element pubsub = request.payload().orElseThrow();
            Element action = pubsub.elements().stream().filter(e -> !e.name().equals("publish-options") && !e.name().equals("configure")
                            && !e.namespace().equals(ItemPage.RSM_NS)).findFirst()
                    .orElseThrow(() -> PubSub.failure(Condition.BAD_REQUEST, "the request names no action"));
            if (request.type() == Iq.Type.GET) {
                if (!action.name().equals("items")) throw PubSub.failure(Condition.FEATURE_NOT_IMPLEMENTED, "unsupported", "only items can be got from an account");
                return request.resultReply(items(service, from.bare(), action, pubsub.child("set", ItemPage.RSM_NS)));
            }
            switch (action.name()) {
                case "subscribe" -> { return request.resultReply(subscribe(service, from, action)); }
                case "unsubscribe" -> { unsubscribe(service, from, action); return request.resultReply(); }
                default -> { }
            }
            if (!service.equals(from.bare())) checkPublisher(service, from, action);
            return switch (action.name()) {
                case "publish" -> request.resultReply(publish(from, service, action, pubsub.child("publish-options")));
                case "retract" -> { retract(service, action); yield request.resultReply(); }
                case "create" -> { create(service, action, pubsub.child("configure")); yield request.resultReply(); }
                default -> throw PubSub.failure(Condition.FEATURE_NOT_IMPLEMENTED, "unsupported", action.name() + " is not supported on an account");
            };
        } catch (PubSub.Failure f) {
            return f.replyTo(request);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "PEP request {0} failed, the client got internal-server-error: {1}", request.id(), e.getMessage());
            return PubSub.failure(Condition.INTERNAL_SERVER_ERROR, "PEP nodes cannot be reached now; try again later").replyTo(request);
        }
    }

    /**
     * Another entity than the user publishes to an existing node she made it a publisher (or
     * publish-only) of, and a publisher retracts; nothing else (XEP-0060 section 4.1, table 4).
     */
    private void checkPublisher(Jid service, Jid from, Element action) throws PubSub.Failure, StorageException {
        boolean allowed = switch (action.name()) {
            case "publish" -> store.node(service, action.attr("node")).isPresent() && PepAffiliations.publishes(affiliations.of(service, action.attr("node"), from));
            case "retract" -> affiliations.of(service, action.attr("node"), from).equals("publisher");
            default -> false;
        };
        if (!allowed) throw PubSub.failure(Condition.FORBIDDEN, "only the account's user and the publishers she names publish to its nodes");
    }

    private Element publish(Jid publisher, Jid owner, Element publish, Optional<Element> options) throws PubSub.Failure, StorageException {
        String node = PubSub.nodeName(publish);
        List<Element> items = publish.elements().stream().filter(e -> e.name().equals("item")).toList();
        if (items.size() != 1) throw PubSub.failure(Condition.BAD_REQUEST, "invalid-payload", "publish one item at a time");
        Element item = items.getFirst();
        if (item.elements().isEmpty()) throw PubSub.failure(Condition.BAD_REQUEST, "payload-required", "the item has no payload");
        if (item.elements().size() > 1) throw PubSub.failure(Condition.BAD_REQUEST, "invalid-payload", "an item carries one payload");
        Element payload = item.elements().getFirst();
        int bytes = payload.toXml().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxItemBytes) throw PubSub.failure(Condition.NOT_ACCEPTABLE, "payload-too-big", "the item has " + bytes + " bytes; at most " + maxItemBytes + " are kept");
        Optional<Element> form = options.flatMap(o -> o.elements().stream().filter(NodeConfig::isForm).findFirst());

        Optional<PubSubNode> existing = store.node(owner, node);
        NodeConfig config;
        if (existing.isPresent()) {
            config = NodeConfig.fromStored(existing.get().config(), maxItems);
            if (form.isPresent() && !config.satisfies(form.get(), maxItems))
                throw PubSub.failure(Condition.CONFLICT, "precondition-not-met", "the node's configuration differs from the publish-options");
        } else {
            config = form.isPresent() ? NodeConfig.DEFAULT.with(form.get(), maxItems) : NodeConfig.DEFAULT;
            store.putNode(new PubSubNode(owner, node, owner, config.toForm()));
        }
        String id = item.attr("id").isEmpty() ? UUID.randomUUID().toString() : item.attr("id");
        PubSubItem stored = new PubSubItem(id, payload, publisher, Instant.now());
        store.publish(owner, node, stored, config.storedItems(maxItems));
        events.notify(owner, node, config, PepEvents.items(node, PepEvents.itemElement(stored)));
        return Element.builder("pubsub").xmlns(PubSub.NS)
                .child(Element.builder("publish").attr("node", node).child(Element.builder("item").attr("id", id).build()).build()).build();
    }

    private void retract(Jid owner, Element retract) throws PubSub.Failure, StorageException {
        String node = PubSub.nodeName(retract);
        Element item = retract.child("item").orElseThrow(() -> PubSub.failure(Condition.BAD_REQUEST, "item-required", "name the item to retract"));
        if (item.attr("id").isEmpty()) throw PubSub.failure(Condition.BAD_REQUEST, "item-required", "name the item to retract");
        NodeConfig config = NodeConfig.fromStored(PubSub.existing(store, owner, node).config(), maxItems);
        if (!store.retract(owner, node, item.attr("id"))) throw PubSub.failure(Condition.ITEM_NOT_FOUND, "no item " + item.attr("id") + " in node " + node);
        String notify = retract.attr("notify");
        if (notify.equals("true") || notify.equals("1"))
            events.notify(owner, node, config, PepEvents.items(node, Element.builder("retract").attr("id", item.attr("id")).build()));
    }

    private void create(Jid owner, Element create, Optional<Element> configure) throws PubSub.Failure, StorageException {
        String node = PubSub.nodeName(create);
        if (store.node(owner, node).isPresent()) throw PubSub.failure(Condition.CONFLICT, "node " + node + " exists");
        Optional<Element> form = configure.flatMap(c -> c.elements().stream().filter(NodeConfig::isForm).findFirst());
        NodeConfig config = form.isPresent() ? NodeConfig.DEFAULT.with(form.get(), maxItems) : NodeConfig.DEFAULT;
        store.putNode(new PubSubNode(owner, node, owner, config.toForm()));
    }

    /** XEP-0060 section 6.1: the last item follows a new subscription (XEP-0163 section 4.3.4). */
    private Element subscribe(Jid owner, Jid from, Element subscribe) throws PubSub.Failure, StorageException {
        String node = PubSub.nodeName(subscribe);
        NodeConfig config = readers.readable(owner, from.bare(), node);
        PepSubscriptions.Subscribed s = subscriptions.subscribe(owner, node, from, subscribe);
        if (s.isNew() && config.sendsLastItem()) events.sendLastItemLater(owner, node, s.subscription().jid());
        return s.reply();
    }

    /** XEP-0060 section 6.2: of a node that exists. */
    private void unsubscribe(Jid owner, Jid from, Element unsubscribe) throws PubSub.Failure, StorageException {
        String node = PubSub.existing(store, owner, PubSub.nodeName(unsubscribe)).name();
        subscriptions.unsubscribe(owner, node, from, unsubscribe);
    }

    /** XEP-0060 section 6.5, with XEP-0059 paging as the pubsub service pages; items asked for by id come as asked, those that exist. */
    private Element items(Jid owner, Jid requester, Element request, Optional<Element> rsm) throws PubSub.Failure, StorageException {
        String node = PubSub.nodeName(request);
        readers.readable(owner, requester, node);
        Element.Builder items = Element.builder("items").attr("node", node);
        List<Element> wanted = request.elements().stream().filter(e -> e.name().equals("item") && !e.attr("id").isEmpty()).toList();
        if (!wanted.isEmpty()) {
            for (Element w : wanted) store.item(owner, node, w.attr("id")).ifPresent(i -> items.child(PepEvents.itemElement(i)));
            return Element.builder("pubsub").xmlns(PubSub.NS).child(items.build()).build();
        }
        List<PubSubItem> all = store.items(owner, node, maxItems);
        ItemPage page;
        try {
            page = ItemPage.of(all, ItemPage.limit(request, rsm, maxItems), rsm);
        } catch (StanzaException e) {
            throw PubSub.failure(e.error().condition(), e.error().text());
        }
        for (PubSubItem i : page.of(all)) items.child(PepEvents.itemElement(i));
        Element.Builder pubsub = Element.builder("pubsub").xmlns(PubSub.NS).child(items.build());
        if (rsm.isPresent()) pubsub.child(page.resultSet(all));
        return pubsub.build();
    }
}
