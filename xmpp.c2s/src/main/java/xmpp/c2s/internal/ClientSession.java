package xmpp.c2s.internal;

import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/** A bound client session, as the session manager sees it. */
final class ClientSession implements Session {

    private final Jid jid;
    private final Connection connection;

    ClientSession(Jid jid, Connection connection) {
        this.jid = jid;
        this.connection = connection;
    }

    @Override
    public Jid jid() {
        return jid;
    }

    @Override
    public void deliver(Element stanza) {
        connection.deliver(stanza);
    }

    @Override
    public void close(StreamError error) {
        connection.closeWith(error);
    }

    @Override
    public String address() {
        return connection.peer();
    }

    @Override
    public boolean secure() {
        return connection.isTls();
    }

    @Override
    public java.time.Instant since() {
        return connection.since();
    }

    @Override
    public int queued() {
        return connection.queued();
    }

    @Override
    public String toString() {
        return jid.toString();
    }
}
