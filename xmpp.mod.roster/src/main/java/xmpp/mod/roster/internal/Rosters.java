package xmpp.mod.roster.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;
import xmpp.mod.roster.internal.SubscriptionRules.Outcome;
import xmpp.mod.roster.internal.SubscriptionRules.PresenceEffect;

/**
 * The rosters of local accounts and everything that changes them: roster sets, and
 * subscription stanzas in both directions (RFC 6121 sections 2 and 3). Changes to one account's
 * roster are serialized by a lock per account, and pushed under it, so clients get them in
 * version order; stanzas for other accounts go out only after the lock is released, so two
 * accounts subscribing to each other at once cannot deadlock.
 */
@Component(service = Rosters.class, configurationPid = Rosters.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Rosters.Config.class)
public final class Rosters {

    static final String PID = "xmpp.mod.roster";
    private static final System.Logger log = System.getLogger(Rosters.class.getName());

    @ObjectClassDefinition(name = "XMPP module: roster", description = "Rosters and presence subscriptions (RFC 6121).")
    public @interface Config {
        @AttributeDefinition(description = "Most items a roster may hold; a roster set beyond it gets not-allowed.")
        int max_items() default 1000;

        @AttributeDefinition(description = "Longest item name or group name, in characters; longer gets not-acceptable.")
        int max_text_length() default 1023;
    }

    private final RosterStore store;
    private final Router router;
    private final Sessions sessions;
    private final Object[] locks = new Object[64];
    /** Sessions that asked for the roster, and so get pushes (RFC 6121 section 2.1.6). */
    private final Map<Jid, Session> interested = new ConcurrentHashMap<>();
    private final AtomicLong pushIds = new AtomicLong();
    private volatile Config config;

    @Activate
    public Rosters(Config config, @Reference RosterStore store, @Reference Router router, @Reference Sessions sessions) {
        this.config = config;
        this.store = store;
        this.router = router;
        this.sessions = sessions;
        for (int i = 0; i < locks.length; i++) locks[i] = new Object();
        // Started while users are online (the module restarted): their clients hold rosters they
        // asked this module's predecessor for, and must not miss the pushes that keep them right.
        for (Session s : sessions.sessions()) interested.put(s.jid(), s);
    }

    @Modified
    void modified(Config updated) {
        config = updated;
    }

    private Object lockOf(Jid account) {
        return locks[Math.floorMod(account.hashCode(), locks.length)];
    }

    // ---- roster get and set (RFC 6121 sections 2.1 to 2.5)

    /** The roster for a session that asked for it; {@code clientVersion} is its {@code ver}, or null without versioning. */
    Optional<Element> get(Session session, String clientVersion) throws StorageException {
        Jid owner = session.jid().bare();
        interested.put(session.jid(), session);
        List<Element> items;
        long version;
        synchronized (lockOf(owner)) {
            version = store.version(owner);
            if (clientVersion != null && clientVersion.equals(Long.toString(version))) return Optional.empty();   // 2.6.3: nothing new
            items = store.items(owner).stream().filter(RosterItem::listed).map(RosterXml::item).toList();
        }
        return Optional.of(RosterXml.query(items, clientVersion == null ? null : Long.toString(version)));
    }

    void set(Jid owner, RosterXml.Request request) throws StorageException, StanzaException {
        List<Runnable> after = new ArrayList<>();
        synchronized (lockOf(owner)) {
            Optional<RosterItem> stored = store.item(owner, request.contact());
            Optional<RosterItem> current = stored.filter(RosterItem::listed);
            if (request.remove()) {
                if (current.isEmpty()) throw new StanzaException(Condition.ITEM_NOT_FOUND, request.contact() + " is not in your roster");
                remove(owner, current.get(), after);
            } else {
                if (current.isEmpty() && store.items(owner).stream().filter(RosterItem::listed).count() >= config.max_items())
                    throw new StanzaException(Condition.NOT_ALLOWED, "your roster is full: it holds at most " + config.max_items() + " items");
                RosterItem updated = stored.orElse(RosterItem.unlisted(request.contact())).withNameAndGroups(request.name(), request.groups());
                long version = store.put(owner, updated);
                push(owner, RosterXml.item(updated), version);
            }
        }
        after.forEach(Runnable::run);
    }

    /** RFC 6121 section 2.5.2: removal cancels the subscriptions both ways, as unsubscribe and unsubscribed would. */
    private void remove(Jid owner, RosterItem item, List<Runnable> after) throws StorageException {
        long version = store.remove(owner, item.contact());
        push(owner, RosterXml.removed(item.contact()), version);
        if (item.seesContact() || item.pendingOut()) after.add(() -> routeSubscription(owner, item.contact(), "unsubscribe"));
        if (item.seenByContact() || item.pendingIn()) {
            after.add(() -> routeSubscription(owner, item.contact(), "unsubscribed"));
            after.add(() -> sendPresence(owner, item.contact(), PresenceEffect.UNAVAILABLE));
        }
    }

    // ---- subscriptions (RFC 6121 section 3)

    /** A subscription stanza a local user sent: applied, then routed on if the RFC says so. */
    void outbound(Jid user, Jid contact, Element stanza) throws StorageException {
        apply(user, contact, stanza, true);
    }

    /** A subscription stanza for a local account; the stanza to deliver to its resources, or null. */
    Element inbound(Jid contact, Jid user, Element stanza) throws StorageException {
        if (stanza.attr("type").equals("subscribe") && !sessions.accountExists(user)) {   // 3.1.3: no such user
            routeSubscription(user, contact, "unsubscribed");
            return null;
        }
        return apply(user, contact, stanza, false);
    }

    private Element apply(Jid account, Jid other, Element stanza, boolean outbound) throws StorageException {
        String type = stanza.attr("type");
        Outcome outcome;
        synchronized (lockOf(account)) {
            RosterItem before = store.item(account, other).orElse(RosterItem.unlisted(other));
            outcome = outbound ? SubscriptionRules.outbound(type, before) : SubscriptionRules.inbound(type, before);
            if (outcome.changed()) {
                RosterItem now = outcome.after();
                long version = now.isEmpty() ? store.remove(account, other) : store.put(account, now);
                Element shown = RosterXml.item(now);
                if (now.listed() && !(before.listed() && shown.equals(RosterXml.item(before))))
                    push(account, shown, version);
            }
        }
        Element forwarded = null;
        if (outcome.forward() && outbound) router.route(account, other, stanza.withAttr("to", other.toString()));
        else if (outcome.forward()) forwarded = stanza;
        if (!outcome.reply().isEmpty()) routeSubscription(account, other, outcome.reply());
        sendPresence(account, other, outcome.presence());   // after the stanza, so the other side knows why it comes
        return forwarded;
    }

    /** A subscription stanza the server sends for {@code account}, stamped with its bare JID (RFC 6121 section 3). */
    private void routeSubscription(Jid account, Jid other, String type) {
        router.route(account, other, Element.of("presence").withAttr("type", type)
                .withAttr("from", account.toString()).withAttr("to", other.toString()));
    }

    /** The account's presence after a subscription change: its available resources' last presence, or their going away. */
    private void sendPresence(Jid account, Jid other, PresenceEffect effect) {
        if (effect == PresenceEffect.NONE) return;
        sessions.presencesOf(account).forEach((resource, last) -> {   // on every node of a cluster
            Element presence = effect == PresenceEffect.AVAILABLE ? last
                    : Element.of("presence").withAttr("type", "unavailable").withAttr("from", resource.toString());
            router.route(resource, other, presence.withAttr("to", other.toString()));
        });
    }

    /**
     * RFC 6121 section 3.1.3: requests the user has not answered are delivered again when a
     * resource becomes available, as long as they wait.
     */
    void deliverWaitingRequests(Session session) throws StorageException {
        for (RosterItem item : store.items(session.jid().bare())) {
            if (!item.pendingIn()) continue;
            // Straight to the new session: routed, it would reach the account's other resources once more.
            session.deliver(Element.of("presence").withAttr("type", "subscribe")
                    .withAttr("from", item.contact().toString()).withAttr("to", session.jid().toString()));
        }
    }

    // ---- pushes (RFC 6121 section 2.1.6): only to the owner's own sessions, so safe under the owner's lock

    private void push(Jid owner, Element item, long version) {
        for (Jid target : pushTargets(owner)) {
            Element iq = Element.builder("iq").attr("type", "set").attr("id", "push" + pushIds.incrementAndGet())
                    .attr("from", owner.toString()).attr("to", target.toString())
                    .child(RosterXml.query(List.of(item), Long.toString(version))).build();
            router.route(owner, target, iq);
        }
    }

    /**
     * This node's sessions of the owner that asked for the roster; and in a cluster each resource
     * on another node, available or not (a client asks for its roster before its initial presence), where the roster module lets the push through only to a session that
     * asked there ({@link RemotePushes}): which sessions asked is known only on their own node.
     */
    private Set<Jid> pushTargets(Jid owner) {
        Set<Jid> targets = new LinkedHashSet<>();
        for (Session s : sessions.sessionsOf(owner)) if (interested.get(s.jid()) == s) targets.add(s.jid());
        for (Jid resource : sessions.resourcesOf(owner)) if (sessions.session(resource).isEmpty()) targets.add(resource);
        return targets;
    }

    /** Whether the session bound here under {@code session} asked for the roster. */
    boolean interested(Jid session) {
        return sessions.session(session).map(s -> interested.get(session) == s).orElse(false);
    }

    void forget(Session session) {
        interested.remove(session.jid(), session);
    }

    int maxTextLength() {
        return config.max_text_length();
    }

    /** One line an operator can act on when the store fails under a roster operation. */
    static void logFailure(String what, Jid account, StorageException e) {
        log.log(System.Logger.Level.ERROR, "roster of {0}: {1} failed: {2}", account, what, e.getMessage());
    }
}
