package xmpp.mod.blocking.internal;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.route.Sessions;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Each account's block list (XEP-0191), kept durably in private XML storage under a namespace
 * of the server's (which the private storage module refuses to clients), and in memory while
 * the account has sessions: every stanza to or from a user is checked against it.
 * Also remembers which sessions asked for the list: they get the pushes.
 */
@Component(service = {BlockLists.class, SessionListener.class})
public final class BlockLists implements SessionListener {

    static final String STORE_NS = "urn:x-xmpp-server:blocking";
    private static final System.Logger log = System.getLogger(BlockLists.class.getName());

    private final PrivateXmlStore store;
    private final Sessions sessions;
    private final Map<Jid, Set<Jid>> online = new ConcurrentHashMap<>();   // each set immutable, replaced on change
    private final Set<Jid> requesters = ConcurrentHashMap.newKeySet();

    @Activate
    public BlockLists(@Reference PrivateXmlStore store, @Reference Sessions sessions) {
        this.store = store;
        this.sessions = sessions;
    }

    /** The blocked JIDs of {@code account}, in the order they were blocked. */
    Set<Jid> of(Jid account) throws StorageException {
        Set<Jid> known = online.get(account);
        return known != null ? known : load(account);
    }

    /**
     * Whether {@code account} blocks {@code other}: its list holds {@code other}'s full JID, bare
     * JID, domain with resource or domain (XEP-0191 section 3.3, by XEP-0016's matching). When the
     * list cannot be read nothing is blocked, and that is logged.
     */
    boolean blocks(Jid account, Jid other) {
        Set<Jid> list;
        try {
            list = of(account);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "the block list of {0} cannot be read; a stanza with {1} goes through unchecked: {2}",
                    account, other, e.getMessage());
            return false;
        }
        if (list.isEmpty()) return false;
        return list.contains(other) || list.contains(other.bare()) || list.contains(other.domain())
                || list.contains(Jid.of("", other.domainpart(), other.resourcepart()));
    }

    /** Changes the list and stores it; returns the new list. */
    synchronized Set<Jid> change(Jid account, UnaryOperator<Set<Jid>> change) throws StorageException {
        Set<Jid> changed = Collections.unmodifiableSet(new LinkedHashSet<>(change.apply(of(account))));
        Element.Builder stored = Element.builder("blocklist").xmlns(STORE_NS);
        for (Jid jid : changed) stored.child(Element.builder("item").attr("jid", jid.toString()).build());
        store.put(account, stored.build());
        remember(account, changed);
        return changed;
    }

    private synchronized Set<Jid> load(Jid account) throws StorageException {
        Set<Jid> known = online.get(account);
        if (known != null) return known;
        Set<Jid> list = new LinkedHashSet<>();
        Optional<Element> stored = store.get(account, STORE_NS);
        for (Element item : stored.map(Element::elements).orElse(List.of())) Jid.parse(item.attr("jid")).ifPresent(list::add);
        Set<Jid> loaded = Collections.unmodifiableSet(list);
        remember(account, loaded);
        return loaded;
    }

    // Kept only for accounts with sessions, so the map does not grow with every account ever written to.
    private void remember(Jid account, Set<Jid> list) {
        if (sessions.sessionsOf(account).isEmpty()) online.remove(account);
        else online.put(account, list);
    }

    /** XEP-0191 section 3.2: a session that asked for the list gets every change pushed. */
    void requestedBy(Jid session) {
        requesters.add(session);
    }

    List<Session> requesters(Jid account) {
        return sessions.sessionsOf(account).stream().filter(s -> requesters.contains(s.jid())).toList();
    }

    @Override
    public void closed(Session session) {
        requesters.remove(session.jid());
        Jid account = session.jid().bare();
        if (sessions.sessionsOf(account).isEmpty()) online.remove(account);
    }
}
