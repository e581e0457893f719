package xmpp.core.spi.route;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;

/**
 * SPI: every session of the cluster by full JID (seed section 3.3), so a stanza for a session
 * on another node can be forwarded there. The single-node implementation lives in
 * {@code xmpp.router}; a clustered one replaces it. Implementations are thread-safe.
 */
@ProviderType
public interface SessionTable {

    /** Adds the session or replaces the entry with the same full JID. */
    void put(SessionEntry entry);

    /**
     * Removes the session of {@code jid} if it is held by {@code node}, so a node cleaning up
     * late cannot remove the session that replaced its own elsewhere.
     *
     * @return whether an entry was removed
     */
    boolean remove(Jid jid, String node);

    Optional<SessionEntry> get(Jid fullJid);

    /** The sessions of one account (a bare JID), in no particular order. */
    List<SessionEntry> sessionsOf(Jid bareJid);

    /**
     * Every session, on every node: for operators ({@code xmpp:sessions}), a full read of a
     * cluster's table.
     *
     * @since 1.3
     */
    List<SessionEntry> all();

    /** How many sessions there are. */
    int size();
}
