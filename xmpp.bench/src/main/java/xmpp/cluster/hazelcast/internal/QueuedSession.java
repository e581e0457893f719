package xmpp.cluster.hazelcast.internal;

import java.util.concurrent.BlockingQueue;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/**
 * A session that queues each stanza for the benchmark thread, which waits for it. The queue is
 * unbounded: on the same node the router delivers on the benchmark's own thread, before it takes.
 */
record QueuedSession(Jid jid, BlockingQueue<Element> delivered) implements Session {

    @Override
    public void deliver(Element stanza) {
        delivered.add(stanza);
    }

    @Override
    public void close(StreamError error) {
    }
}
