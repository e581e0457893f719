package xmpp.core.spi.route;

import java.time.Instant;
import java.util.Objects;
import xmpp.core.jid.Jid;

/**
 * One session as the session table knows it, on whichever node it lives.
 *
 * @param jid the session's full JID
 * @param node the node holding the connection
 * @param priority the priority of its last available presence (RFC 6121 section 4.7.2.3)
 * @param available whether it has sent available presence (RFC 6121 section 4.2), so
 *        messages to the bare JID may go to it
 * @param since when the session was bound
 */
public record SessionEntry(Jid jid, String node, int priority, boolean available, Instant since) {

    public SessionEntry {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(since, "since");
        if (!jid.isFull()) throw new IllegalArgumentException("a session has a full JID, not " + jid);
    }

    public SessionEntry withPresence(boolean available, int priority) {
        return new SessionEntry(jid, node, priority, available, since);
    }
}
