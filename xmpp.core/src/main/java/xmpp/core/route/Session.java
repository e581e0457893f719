package xmpp.core.route;

import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/**
 * A client's session on this node. Modules get sessions from {@link Sessions} and from
 * {@link SessionListener} calls, deliver to them and may close them; only the server's client
 * listeners implement this interface, so a method added here is a minor change for modules.
 */
@ProviderType
public interface Session {

    /** The full JID the session is bound to. */
    Jid jid();

    /**
     * Queues {@code stanza} for the client and returns at once. A session whose queue is full
     * closes itself with a stream error: a slow reader costs its own session, never the sender.
     */
    void deliver(Element stanza);

    /** Sends {@code error} and closes the stream. */
    void close(StreamError error);

    /** Where the client connects from, e.g. {@code 203.0.113.7:51234}, for operators; {@code ""} if not a network client. */
    default String address() {
        return "";
    }

    /** Whether the client's connection is encrypted. */
    default boolean secure() {
        return false;
    }

    /** When the connection was opened. */
    default java.time.Instant since() {
        return java.time.Instant.EPOCH;
    }

    /** Stanzas waiting to be written to the client. */
    default int queued() {
        return 0;
    }

    /**
     * Whether a stanza delivered now reaches the client at once. A listener that keeps a session
     * bound while its client cannot take stanzas (a connection lost and awaiting XEP-0198
     * resumption, a client that said it is inactive with XEP-0352) answers false, and modules
     * such as push notifications (XEP-0357) then treat the session as away.
     *
     * @since 1.1
     */
    default boolean reachable() {
        return true;
    }
}
