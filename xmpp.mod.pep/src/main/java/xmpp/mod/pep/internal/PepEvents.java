package xmpp.mod.pep.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.route.Sessions;
import xmpp.core.route.StanzaHook;
import xmpp.core.storage.PubSubItem;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * PEP notifications (XEP-0163 section 4.3): each publication and retraction goes to the
 * account's own resources and to her contacts' resources that want the node by their caps
 * ({@link CapsCache}) and may see it by its access model; a resource that comes online, or
 * starts to want a node, gets the node's last item.
 */
@Component(service = {PepEvents.class, SessionListener.class, StanzaHook.class},
           property = StanzaHook.POINT + "=" + StanzaHook.USER_SEND_PACKET)
public final class PepEvents implements SessionListener, StanzaHook {

    private static final System.Logger log = System.getLogger(PepEvents.class.getName());

    private final Router router;
    private final Sessions sessions;
    private final RosterStore rosters;
    private final PubSubStore store;
    private final PepAffiliations affiliations;
    private final CapsCache caps = new CapsCache();
    // Last items are read from the database when a client answers a caps question: not on its session's thread.
    private final Executor lastItems;

    @Activate
    public PepEvents(@Reference Router router, @Reference Sessions sessions, @Reference RosterStore rosters, @Reference PubSubStore store) {
        this(router, sessions, rosters, store, Executors.newVirtualThreadPerTaskExecutor());
    }

    PepEvents(Router router, Sessions sessions, RosterStore rosters, PubSubStore store, Executor lastItems) {
        this.lastItems = lastItems;
        this.router = router;
        this.sessions = sessions;
        this.rosters = rosters;
        this.store = store;
        this.affiliations = new PepAffiliations(store);
    }

    @Deactivate
    void stop() {
        if (lastItems instanceof ExecutorService pool) pool.shutdownNow();
    }

    @Override
    public void available(Session session, Element presence, Optional<Element> previous) {
        switch (caps.available(session.jid(), presence)) {
            case CapsCache.Ask ask -> router.route(Jid.ofDomain(session.jid().domainpart()), session.jid(), ask.query());
            case CapsCache.Wants wants -> sendLastItemsLater(session.jid(), wants.addedNodes());
        }
    }

    @Override
    public void unavailable(Session session, Element presence) {
        caps.gone(session.jid());
    }

    @Override
    public void closed(Session session) {
        caps.gone(session.jid());
    }

    /** Takes the answers to the caps questions out of the stream; everything else passes. */
    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (!stanza.name().equals("iq") || !(stanza.attr("type").equals("result") || stanza.attr("type").equals("error"))) return stanza;
        Optional<Set<String>> added = caps.answered(from, stanza);
        if (added.isEmpty()) return stanza;
        sendLastItemsLater(from, added.get());
        return null;
    }

    private void sendLastItemsLater(Jid session, Set<String> nodes) {
        if (nodes.isEmpty()) return;
        try {
            lastItems.execute(() -> sendLastItems(session, nodes));
        } catch (RejectedExecutionException stopping) {
            log.log(System.Logger.Level.DEBUG, "module stopping: no last items for {0}", session);
        }
    }

    /** XEP-0163 section 4.3.2: the last item of each of {@code nodes} of the session's account and of the contacts it sees. */
    void sendLastItems(Jid session, Set<String> nodes) {
        Jid user = session.bare();
        try {
            List<Jid> owners = new ArrayList<>();
            owners.add(user);
            for (RosterItem i : rosters.items(user)) if (i.seesContact()) owners.add(i.contact());
            for (Jid owner : owners) {
                for (PubSubNode node : store.nodes(owner)) {
                    if (!nodes.contains(node.name())) continue;
                    NodeConfig config = NodeConfig.fromStored(node.config(), Integer.MAX_VALUE);
                    if (!config.sendsLastItem() || !Access.allows(config, owner, user, owner.equals(user) ? Optional.empty() : rosters.item(owner, user),
                            affiliations.of(owner, node.name(), user))) continue;
                    for (PubSubItem last : store.items(owner, node.name(), 1)) router.route(owner, session, event(owner, session, items(node.name(), itemElement(last))));
                }
            }
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "PEP: last items for {0} not sent, the store failed: {1}", session, e.getMessage());
        }
    }

    /**
     * XEP-0163 section 4.3.4: a new subscriber gets the node's last item, read apart from the
     * request so that it tends to follow the subscription's result (XEP-0060 section 6.1.7).
     */
    void sendLastItemLater(Jid owner, String node, Jid subscriber) {
        try {
            lastItems.execute(() -> {
                try {
                    for (PubSubItem last : store.items(owner, node, 1)) router.route(owner, subscriber, event(owner, subscriber, items(node, itemElement(last))));
                } catch (StorageException e) {
                    log.log(System.Logger.Level.ERROR, "PEP: the last item of {0} of {1} not sent to its new subscriber {2}, the store failed: {3}",
                            node, owner, subscriber, e.getMessage());
                }
            });
        } catch (RejectedExecutionException stopping) {
            log.log(System.Logger.Level.DEBUG, "module stopping: no last item for {0}", subscriber);
        }
    }

    /**
     * Sends {@code change} of the owner's node (an {@code <items/>} with an {@code <item/>} or a
     * {@code <retract/>}, a {@code <purge/>} or a {@code <delete/>}) to every resource that wants
     * the node and may see it: hers, and those of the contacts subscribed to her presence
     * (section 4.3.1: they subscribe to her nodes by that); then to the JIDs subscribed to the
     * node explicitly that may still see it, unless their account heard of it by its caps.
     */
    void notify(Jid owner, String node, NodeConfig config, Element change) throws StorageException {
        Set<Jid> reached = new HashSet<>();
        deliver(owner, owner, node, change, reached);
        Map<Jid, String> affiliated = affiliations.all(owner, node);
        for (RosterItem i : rosters.items(owner))
            if (i.seenByContact() && Access.allows(config, owner, i.contact(), Optional.of(i), affiliated.getOrDefault(i.contact().bare(), PepAffiliations.NONE)))
                deliver(owner, i.contact(), node, change, reached);
        for (PubSubSubscription s : store.subscriptions(owner, node)) {
            Jid account = s.jid().bare();
            if (reached.contains(account) || !Access.allows(config, owner, account, owner.equals(account) ? Optional.empty() : rosters.item(owner, account),
                    affiliated.getOrDefault(account, PepAffiliations.NONE))) continue;
            router.route(owner, s.jid(), event(owner, s.jid(), change));
        }
    }

    /**
     * To the account's sessions here that want the node; and in a cluster to each available
     * resource on another node, where the PEP module lets it through to those that want it
     * ({@link RemoteEvents}): a session's caps are known only on its own node.
     */
    private void deliver(Jid owner, Jid account, String node, Element change, Set<Jid> reached) {
        for (Session s : sessions.sessionsOf(account)) {
            if (!caps.wants(s.jid(), node) || sessions.presenceOf(s.jid()).isEmpty()) continue;
            router.route(owner, s.jid(), event(owner, s.jid(), change));
            reached.add(account.bare());
        }
        for (Jid resource : sessions.presencesOf(account).keySet())
            if (sessions.session(resource).isEmpty()) router.route(owner, resource, event(owner, resource, change));
    }

    /**
     * Whether an event of {@code owner}'s node reaches the session bound here under {@code session}:
     * its caps want the node, or it subscribed to the node itself (XEP-0060).
     */
    boolean reaches(Jid session, Jid owner, String node) {
        if (caps.wants(session, node)) return true;
        try {
            return store.subscriptions(owner, node).stream().anyMatch(s -> s.jid().equals(session) || s.jid().equals(session.bare()));
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "PEP: cannot tell whether {0} subscribed to {1} of {2}, the store failed ({3}); the event is delivered",
                    session, node, owner, e.getMessage());
            return true;
        }
    }

    static Element itemElement(PubSubItem item) {
        return Element.builder("item").attr("id", item.id()).child(item.payload()).build();
    }

    /** An {@code <items/>} of the node with one {@code <item/>} or {@code <retract/>}. */
    static Element items(String node, Element itemOrRetract) {
        return Element.builder("items").attr("node", node).child(itemOrRetract).build();
    }

    private static Element event(Jid owner, Jid to, Element change) {
        return Element.builder("message").attr("from", owner.toString()).attr("to", to.toString()).attr("type", "headline")
                .child(Element.builder("event").xmlns(PubSub.EVENT_NS).child(change).build())
                .build();
    }
}
