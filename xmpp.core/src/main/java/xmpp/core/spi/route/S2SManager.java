package xmpp.core.spi.route;

import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * Server-to-server routing (seed section 3.4): the router hands it every stanza for a domain
 * nobody here serves. The server-to-server bundle registers it; without one, the router
 * answers such stanzas with {@code remote-server-not-found}.
 */
@ConsumerType
public interface S2SManager {

    /** Delivers to the remote domain of {@code to}, or answers the sender with an error. Never blocks. */
    void route(Jid from, Jid to, Element stanza);
}
