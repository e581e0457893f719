package xmpp.core.spi.route;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * One session as the session table knows it, on whichever node it lives.
 *
 * @param jid the session's full JID
 * @param node the node holding the connection
 * @param priority the priority of its last available presence (RFC 6121 section 4.7.2.3)
 * @param available whether it has sent available presence (RFC 6121 section 4.2), so
 *        messages to the bare JID may go to it
 * @param since when the session was bound
 * @param presence its last available presence as broadcast, so that any node of a cluster can
 *        answer a probe for it; empty while it is unavailable (since 1.3)
 */
public record SessionEntry(Jid jid, String node, int priority, boolean available, Instant since, Optional<Element> presence) {

    public SessionEntry {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(presence, "presence");
        if (!jid.isFull()) throw new IllegalArgumentException("a session has a full JID, not " + jid);
    }

    /** An entry without a recorded presence, as tables before 1.3 knew them. */
    public SessionEntry(Jid jid, String node, int priority, boolean available, Instant since) {
        this(jid, node, priority, available, since, Optional.empty());
    }

    public SessionEntry withPresence(boolean available, int priority) {
        return new SessionEntry(jid, node, priority, available, since, Optional.empty());
    }

    /**
     * The entry after the session sent {@code presence}: available with its priority and the
     * presence kept, or unavailable with none kept.
     *
     * @since 1.3
     */
    public SessionEntry withPresence(Element presence, int priority) {
        boolean nowAvailable = !presence.attr("type").equals("unavailable");
        return new SessionEntry(jid, node, nowAvailable ? priority : 0, nowAvailable, since,
                nowAvailable ? Optional.of(presence) : Optional.empty());
    }
}
