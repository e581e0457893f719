package xmpp.core.route;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * The sessions of local users on this node, as modules see them: who is online, with which
 * presence, and where to deliver a push. A service the server provides; snapshots, safe from
 * any thread.
 */
@ProviderType
public interface Sessions {

    /** The last broadcast presence of an available session bound here; empty if it is unavailable or unknown. */
    Optional<Element> presenceOf(Jid fullJid);

    /** The session bound here under {@code fullJid}. */
    Optional<Session> session(Jid fullJid);

    /**
     * The last broadcast presence of every available session of an account, by full JID, on every
     * node of a cluster: what a probe is answered with and what a new resource learns of the
     * others (RFC 6121 sections 4.3.2 and 4.4.2). On a single node, those bound here.
     *
     * @since 1.2
     */
    default Map<Jid, Element> presencesOf(Jid bareJid) {
        Map<Jid, Element> presences = new LinkedHashMap<>();
        for (Session s : sessionsOf(bareJid)) presenceOf(s.jid()).ifPresent(p -> presences.put(s.jid(), p));
        return presences;
    }

    /**
     * The full JIDs of every session of an account, available or not, on every node of a cluster:
     * where a service for the account's own resources must reach one that has sent no presence
     * yet (a roster push, RFC 6121 section 2.1.6, goes to each resource that asked for the roster,
     * which a client does before its initial presence). On a single node, those bound here.
     *
     * @since 1.3
     */
    default List<Jid> resourcesOf(Jid bareJid) {
        return sessionsOf(bareJid).stream().map(Session::jid).toList();
    }

    /** The sessions of an account bound on this node. */
    List<Session> sessionsOf(Jid bareJid);

    /**
     * Whether the account exists (RFC 6121 section 8.5.1), as the host's authenticator says;
     * true when there is none or it cannot tell, so that a failing authenticator loses nothing.
     */
    boolean accountExists(Jid account);

    /** Every session bound on this node. */
    Collection<Session> sessions();
}
