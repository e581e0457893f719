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
}
