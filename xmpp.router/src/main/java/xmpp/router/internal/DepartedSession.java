package xmpp.router.internal;

import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/**
 * A session whose node left the cluster, as the session listeners are told of it. Its connection
 * ended with that node: nothing reaches it any more and there is nothing to close.
 */
record DepartedSession(Jid jid) implements Session {

    @Override
    public void deliver(Element stanza) {
        // its connection is gone with its node; what contacts send it meanwhile follows the offline rules
    }

    @Override
    public void close(StreamError error) {
        // likewise: already closed with its node
    }

    @Override
    public boolean reachable() {
        return false;
    }
}
