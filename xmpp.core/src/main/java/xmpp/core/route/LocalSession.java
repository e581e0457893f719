package xmpp.core.route;

import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.jid.Jid;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/**
 * A client's session on this node, as a client listener implements it. The session manager
 * delivers to it and may close it.
 */
@ConsumerType
public interface LocalSession {

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
}
