package xmpp.router.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import xmpp.core.auth.AuthException;
import xmpp.core.jid.Jid;
import xmpp.core.route.IqHandler;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.StanzaHook;
import xmpp.core.spi.auth.Authenticators;
import xmpp.core.spi.route.NodeLink;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.spi.route.SessionTable;
import xmpp.core.stanza.Presence;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/**
 * The session manager (seed section 3.3): sessions by full JID, and delivery to local users
 * by the rules of RFC 6121 section 8.5. Sessions of other nodes are found in the session
 * table and reached through the {@link NodeLink}.
 */
final class LocalSessions {

    private static final System.Logger log = System.getLogger(LocalSessions.class.getName());

    private final String node;
    private volatile SessionTable table;
    private final HookRunner hooks;
    private final ServerIqs serverIqs;
    private final Router router;
    private final Bouncer bouncer;
    private final Authenticators authenticators;
    private final Supplier<NodeLink> link;
    private final SessionListeners listeners;
    private final Map<Jid, Bound> local = new ConcurrentHashMap<>();
    // A table swap copies the sessions bound here into the new table. A bind, unbind or presence
    // change between its copy and its write would land in the old table or be overwritten by the
    // copy: a ghost session in the new table, or a presence lost. They take the read side; the
    // rare swap takes the write side.
    private final ReadWriteLock swap = new ReentrantReadWriteLock();

    /** A session bound here and its last broadcast presence, kept to answer probes for it. */
    private static final class Bound {
        final Session session;
        volatile Element presence;

        Bound(Session session) {
            this.session = session;
        }
    }

    LocalSessions(String node, HookRunner hooks, SessionListeners listeners, ServerIqs serverIqs,
                  Router router, Authenticators authenticators, Supplier<NodeLink> link) {
        this.node = node;
        this.hooks = hooks;
        this.listeners = listeners;
        this.serverIqs = serverIqs;
        this.router = router;
        this.bouncer = new Bouncer(router);
        this.authenticators = authenticators;
        this.link = link;
    }

    /**
     * Puts the sessions of this node into {@code next}, which replaces the table in use (a cluster's
     * arriving or leaving): the sessions stay open, and the other nodes find them in the new table.
     * Their presence is announced again: a Hazelcast member that restarted was seen leaving by the
     * other nodes, which told the sessions' contacts they went unavailable.
     */
    void useTable(SessionTable next) {
        announce(publish(current -> next));
    }

    /** {@link xmpp.core.spi.route.SessionManager#republish}: the same, into the table in use. */
    void republish() {
        announce(publish(current -> current));
    }

    /** Makes {@code choice} of the table in use the one in use and writes this node's sessions into it; returns those available. */
    private List<Bound> publish(UnaryOperator<SessionTable> choice) {
        List<Bound> available = new ArrayList<>();
        swap.writeLock().lock();
        try {
            table = choice.apply(table);
            for (Bound b : local.values()) {
                SessionEntry entry = new SessionEntry(b.session.jid(), node, 0, false, Instant.now());
                Element presence = b.presence;
                table.put(presence == null ? entry : entry.withPresence(presence, Presence.priorityOf(presence)));
                if (presence != null) available.add(b);
            }
        } finally {
            swap.writeLock().unlock();
        }
        return available;
    }

    /** To the account's resources and, as a presence update, through the listeners to contacts: what presence() does, without the hooks, which ran. */
    private void announce(List<Bound> available) {
        for (Bound b : available) {
            Element presence = b.presence;
            if (presence == null || local.get(b.session.jid()) != b) continue;   // went unavailable or away meanwhile, and said so
            router.route(b.session.jid(), b.session.jid().bare(), presence);
            listeners.available(b.session, presence, Optional.of(presence));
        }
    }

    void bind(Session session) {
        Jid jid = session.jid();
        Optional<SessionEntry> before;
        Bound replaced;
        swap.readLock().lock();
        try {
            before = table.get(jid);
            replaced = local.put(jid, new Bound(session));
            table.put(new SessionEntry(jid, node, 0, false, Instant.now()));
        } finally {
            swap.readLock().unlock();
        }
        if (replaced != null && replaced.session != session) {
            log.log(System.Logger.Level.INFO, "{0} logged in again; the older session is closed with conflict", jid);
            ended(replaced.session, before);
            replaced.session.close(StreamError.of(StreamError.Condition.CONFLICT, "replaced by a new login with the same resource"));
        }
        if (before.isPresent() && !before.get().node().equals(node)) {
            String other = before.get().node();
            NodeLink l = link.get();
            if (l == null || !l.replaced(other, jid))
                log.log(System.Logger.Level.WARNING, "{0} was bound on node {1}, which cannot be reached to close it; it ends with that node", jid, other);
        }
    }

    /** RFC 6120 section 7.7.2.2 across nodes: the table names the newer session's node by now, and keeps it. */
    void replacedElsewhere(Jid jid) {
        // A login here again since then holds the entry: the news is about a session already replaced.
        if (table.get(jid).map(e -> e.node().equals(node)).orElse(false)) return;
        Bound bound = local.remove(jid);
        if (bound == null) return;
        log.log(System.Logger.Level.INFO, "{0} logged in again on another node; the older session here is closed with conflict", jid);
        ended(bound.session, Optional.of(new SessionEntry(jid, node, 0, bound.presence != null, Instant.now())));
        bound.session.close(StreamError.of(StreamError.Condition.CONFLICT, "replaced by a new login with the same resource"));
    }

    void unbind(Session session) {
        Jid jid = session.jid();
        Bound bound = local.get(jid);
        if (bound == null || bound.session != session) return;
        Optional<SessionEntry> before;
        swap.readLock().lock();
        try {
            before = table.get(jid);
            if (!local.remove(jid, bound)) return;
            table.remove(jid, node);
        } finally {
            swap.readLock().unlock();
        }
        ended(session, before);
    }

    /** RFC 6121 section 4.5.2: a session that goes while available goes unavailable, whether or not it said so. */
    private void ended(Session session, Optional<SessionEntry> before) {
        if (before.isPresent() && before.get().available()) {
            Element unavailable = Element.of("presence").withAttr("type", "unavailable").withAttr("from", session.jid().toString());
            send(session, session.jid().bare(), unavailable);
            listeners.unavailable(session, unavailable);
        }
        listeners.closed(session);
    }

    /**
     * A session of a node that left: only the node whose removal succeeds announces it, so contacts
     * hear it once. This node's own name counts too (entries of its life before a crash), but never
     * for a session bound here now.
     */
    void departed(SessionEntry entry) {
        if (entry.node().equals(node) && local.containsKey(entry.jid())) return;
        if (!table.remove(entry.jid(), entry.node())) return;
        log.log(System.Logger.Level.INFO, "session {0} ended with its node {1}", entry.jid(), entry.node());
        Session gone = new DepartedSession(entry.jid());
        if (entry.available()) {
            Element unavailable = Element.of("presence").withAttr("type", "unavailable").withAttr("from", entry.jid().toString());
            Element passed = hooks.run(StanzaHook.USER_SEND_PACKET, entry.jid(), entry.jid().bare(), unavailable);
            if (passed != null) router.route(entry.jid(), entry.jid().bare(), passed);
            listeners.unavailable(gone, unavailable);
        }
        listeners.closed(gone);
    }

    void presence(Session session, Element sent) {
        Jid jid = session.jid();
        Bound bound = local.get(jid);
        if (bound == null || bound.session != session) return;   // unbound or replaced meanwhile
        // The hooks run once, before the record: what they add (a XEP-0153 avatar hash) is what
        // contacts get from the presence module and what probes are answered with.
        Element presence = hooks.run(StanzaHook.USER_SEND_PACKET, jid, jid.bare(), sent);
        if (presence == null) return;
        boolean available = !presence.attr("type").equals("unavailable");
        SessionEntry before;
        Optional<Element> previous;
        swap.readLock().lock();
        try {
            Optional<SessionEntry> entry = table.get(jid);
            if (local.get(jid) != bound || entry.isEmpty() || !entry.get().node().equals(node)) return;   // unbound or replaced meanwhile, here or on another node
            before = entry.get();
            table.put(before.withPresence(presence, Presence.priorityOf(presence)));
            previous = Optional.ofNullable(bound.presence);
            bound.presence = available ? presence : null;
        } finally {
            swap.readLock().unlock();
        }
        router.route(jid, jid.bare(), presence);
        if (available) listeners.available(session, presence, previous);
        else if (before.available()) listeners.unavailable(session, presence);
    }

    /** The full JIDs of every session of an account on every node, available or not: the table's. */
    List<Jid> resourcesOf(Jid bareJid) {
        return table.sessionsOf(bareJid).stream().map(SessionEntry::jid).toList();
    }

    Optional<Element> presenceOf(Jid fullJid) {
        Bound bound = local.get(fullJid);
        return bound == null ? Optional.empty() : Optional.ofNullable(bound.presence);
    }

    /** The available sessions of an account on every node: a session bound here by what it sent, others by the table's record. */
    Map<Jid, Element> presencesOf(Jid bareJid) {
        List<SessionEntry> entries = table.sessionsOf(bareJid);
        Map<Jid, Element> presences = LinkedHashMap.newLinkedHashMap(entries.size());   // asked twice per chat message (carbons)
        for (SessionEntry e : entries) {
            if (!e.available()) continue;
            Optional<Element> last = e.node().equals(node) ? presenceOf(e.jid()) : e.presence();
            last.ifPresent(p -> presences.put(e.jid(), p));
        }
        return presences;
    }

    void send(Session session, Jid to, Element stanza) {
        Element passed = hooks.run(StanzaHook.USER_SEND_PACKET, session.jid(), to, stanza);
        if (passed != null) router.route(session.jid(), to, passed);
    }

    Optional<Session> session(Jid fullJid) {
        Bound bound = local.get(fullJid);
        return bound == null ? Optional.empty() : Optional.of(bound.session);
    }

    List<Session> sessionsOf(Jid bareJid) {
        List<SessionEntry> entries = table.sessionsOf(bareJid);
        List<Session> result = new ArrayList<>(entries.size());
        for (SessionEntry e : entries) {
            Bound bound = local.get(e.jid());
            if (bound != null) result.add(bound.session);
        }
        return result;
    }

    Collection<Session> sessions() {
        return local.values().stream().map(b -> b.session).toList();
    }

    /** A stanza for {@code to}, which has a localpart on a served domain (RFC 6121 section 8.5). */
    void route(Jid from, Jid to, Element stanza) {
        switch (stanza.name()) {
            case "message" -> routeMessage(from, to, stanza);
            case "presence" -> routePresence(from, to, stanza);
            case "iq" -> routeIq(from, to, stanza);
            default -> log.log(System.Logger.Level.WARNING, "dropped <{0}/> from {1} to {2}: not a stanza", stanza.name(), from, to);
        }
    }

    private void routeMessage(Jid from, Jid to, Element message) {
        String type = message.attr("type");
        if (to.isFull()) {
            if (deliverTo(to, from, message)) return;               // 8.5.3.1
            switch (type) {                                          // 8.5.3.2.1
                case "chat" -> { }                                   // as if to the bare JID, below
                case "error", "headline" -> { return; }
                default -> {
                    bouncer.bounce(from, to, message, Condition.SERVICE_UNAVAILABLE, "no such resource");
                    return;
                }
            }
        }
        switch (type) {                                              // 8.5.2: to the bare JID
            case "error" -> { }
            case "groupchat" -> bouncer.bounce(from, to, message, Condition.SERVICE_UNAVAILABLE, "groupchat to a user");
            case "headline" -> deliverToAll(available(to, true), from, message);
            default -> {                                             // normal, chat
                List<SessionEntry> targets = mostAvailable(to);
                if (!targets.isEmpty()) deliverToAll(targets, from, message);
                else offline(from, to, message);
            }
        }
    }

    private void offline(Jid from, Jid to, Element message) {
        if (!accountExists(to)) {                                    // 8.5.1
            bouncer.bounce(from, to, message, Condition.SERVICE_UNAVAILABLE, "");   // no text: it must not reveal whether the account exists
            return;
        }
        if (hooks.run(StanzaHook.OFFLINE_MESSAGE, from, to, message) != null)   // 8.5.2.2.1: nobody stored it
            bouncer.bounce(from, to, message, Condition.SERVICE_UNAVAILABLE, "the recipient is offline");
    }

    private void routePresence(Jid from, Jid to, Element stanza) {
        Element presence = hooks.run(StanzaHook.INBOUND_PRESENCE, from, to, stanza);
        if (presence == null) return;                                // a module handled it for the user
        String type = presence.attr("type");
        boolean subscription = Presence.isSubscription(presence);
        // Probes are the server's to answer on the user's behalf (RFC 6121 section 4.3), never
        // the user's: the presence module's inbound hook does.
        if (type.equals("probe")) return;
        if (to.isFull() && !subscription) {
            deliverTo(to, from, presence);                           // 8.5.3: delivered, or silently ignored
            return;
        }
        // 8.5.2, and subscription stanzas to a full JID (RFC 6121 section 3: they concern the account)
        if (!type.equals("error")) deliverToAll(available(to, false), from, presence);
    }

    private void routeIq(Jid from, Jid to, Element stanza) {
        boolean request = ServerIqs.isRequest(stanza);
        if (to.isFull()) {                                           // 8.5.3: the client checks what it gets
            if (!deliverTo(to, from, stanza) && request)
                bouncer.bounce(from, to, stanza, Condition.SERVICE_UNAVAILABLE, "no such resource");
        } else if (!request) {
            if (hooks.run(StanzaHook.ACCOUNT_IQ_RESPONSE, from, to, stanza) != null)
                log.log(System.Logger.Level.DEBUG, "dropped iq of type ''{0}'' to account {1}: nobody asked", stanza.attr("type"), to);
        } else if (table.sessionsOf(to).isEmpty() && !accountExists(to)) {   // 8.5.1
            bouncer.bounce(from, to, stanza, Condition.SERVICE_UNAVAILABLE, "");   // no text: it must not reveal whether the account exists
        } else {
            serverIqs.handle(IqHandler.SCOPE_SM, from, to, stanza);   // 8.5.2: the server answers for the account
        }
    }

    /** Sessions of the account that sent available presence, optionally only those of non-negative priority. */
    private List<SessionEntry> available(Jid account, boolean nonNegative) {
        return table.sessionsOf(account.bare()).stream()
                .filter(e -> e.available() && (!nonNegative || e.priority() >= 0)).toList();
    }

    /** RFC 6121 section 8.5.2.1.1: the available resources of highest non-negative priority, all of them on a tie. */
    private List<SessionEntry> mostAvailable(Jid account) {
        List<SessionEntry> candidates = available(account, true);
        int top = candidates.stream().mapToInt(SessionEntry::priority).max().orElse(-1);
        return candidates.stream().filter(e -> e.priority() == top).toList();
    }

    private void deliverToAll(List<SessionEntry> targets, Jid from, Element stanza) {
        for (SessionEntry e : targets) deliver(e, from, stanza);
    }

    /**
     * Delivers to the session of full JID {@code session}, wherever it is; false if there is none.
     * A session bound here is found in this node's own index: on a cluster the table is a shared
     * map, whose read may cost a hop to the member that owns the account's entry.
     */
    private boolean deliverTo(Jid session, Jid from, Element stanza) {
        if (deliverHere(session, from, stanza)) return true;
        Optional<SessionEntry> entry = table.get(session);
        return entry.isPresent() && deliver(entry.get(), from, stanza);
    }

    private boolean deliver(SessionEntry target, Jid from, Element stanza) {
        if (target.node().equals(node)) return deliverHere(target.jid(), from, stanza);
        NodeLink l = link.get();
        if (l != null && l.deliver(target.node(), from, target.jid(), stanza)) return true;
        log.log(System.Logger.Level.WARNING, "session {0} is on node {1}, which cannot be reached; treated as offline", target.jid(), target.node());
        return false;
    }

    /** False if no session of that JID is bound here (unbound an instant ago). */
    private boolean deliverHere(Jid session, Jid from, Element stanza) {
        Bound bound = local.get(session);
        if (bound == null) return false;
        Element passed = hooks.run(StanzaHook.USER_RECEIVE_PACKET, from, session, stanza);   // the session, even for a stanza to the account
        if (passed != null) bound.session.deliver(passed);
        return true;
    }

    /** Another node chose this session and ran the inbound rules; if it has left meanwhile, it is as if it was never bound. */
    void deliverForwarded(Jid from, Jid session, Element stanza) {
        if (!deliverHere(session, from, stanza)) unboundResource(from, session, stanza);
    }

    /** RFC 6121 section 8.5.3.2: a stanza for a full JID that has no session. */
    private void unboundResource(Jid from, Jid to, Element stanza) {
        switch (stanza.name()) {
            case "message" -> routeMessage(from, to, stanza);
            case "iq" -> {
                if (ServerIqs.isRequest(stanza)) bouncer.bounce(from, to, stanza, Condition.SERVICE_UNAVAILABLE, "no such resource");
            }
            default -> { }   // presence to a resource that is gone is silently ignored (8.5.3.2.3)
        }
    }

    /** RFC 6121 section 8.5.1: ask the host's authenticator; without one, or if it fails, assume the account exists. */
    boolean accountExists(Jid account) {
        var authenticator = authenticators.forHost(account.domainpart());
        if (authenticator.isEmpty()) return true;
        try {
            return authenticator.get().userExists(account.localpart(), account.domainpart());
        } catch (AuthException e) {
            log.log(System.Logger.Level.WARNING, "cannot tell whether {0} exists ({1}); treating it as existing", account.bare(), e.getMessage());
            return true;
        }
    }
}
