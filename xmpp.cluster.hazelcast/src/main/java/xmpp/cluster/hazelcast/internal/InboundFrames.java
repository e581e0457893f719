package xmpp.cluster.hazelcast.internal;

import static xmpp.cluster.hazelcast.internal.TopicNodeLink.DELIVER;
import static xmpp.cluster.hazelcast.internal.TopicNodeLink.REPLACED;

import java.util.function.Supplier;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.spi.route.SessionManager;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.Stanzas;
import xmpp.core.stream.XmlParseException;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/**
 * What other nodes send this one, handled off Hazelcast's event thread in a bounded lane per
 * sending member: a slow store here must not back up the event queue, where Hazelcast drops what
 * overflows while the sender believes the stanza is on its way. A full lane bounces the stanza.
 */
final class InboundFrames implements AutoCloseable {

    private static final System.Logger log = System.getLogger(InboundFrames.class.getName());

    private final int capacity;
    private final SenderLanes lanes;
    private final Supplier<Router> router;
    private final Supplier<SessionManager> sessions;

    InboundFrames(int capacity, Supplier<Router> router, Supplier<SessionManager> sessions) {
        this.capacity = capacity;
        this.lanes = new SenderLanes(capacity);
        this.router = router;
        this.sessions = sessions;
    }

    /** On Hazelcast's event thread: queue the frame behind the sender's earlier ones, or bounce it. */
    void received(Object sender, String frame) {
        if (lanes.offer(sender, () -> handle(frame))) return;
        String[] parts = frame.split("\n", 4);
        if (parts[0].equals(REPLACED)) {   // no stanza to bounce: the older session stays until it ends
            log.log(System.Logger.Level.WARNING, "could not close {0}, replaced by a login on another node: {1} of that node''s frames already wait here",
                    parts[2], capacity);
            return;
        }
        log.log(System.Logger.Level.WARNING, "bounced a stanza from another node for {0} with resource-constraint: "
                + "{1} of that node''s stanzas already wait here; this node handles them slower than they come (a slow store?)",
                parts[2], capacity);
        bounce(parts);
    }

    /** RFC 6120 8.3: the sender learns the stanza was not delivered, rather than losing it unseen. */
    private void bounce(String[] parts) {
        Router r = router.get();
        if (r == null) return;   // stopping: handle() would drop it the same way, and says so
        try {
            Element stanza = XmlStreams.parseElement(parts[3]);
            if (Stanzas.isError(stanza)) return;   // never answer an error (RFC 6120 8.3.1)
            Jid from = Jid.of(parts[1]);
            Jid to = Jid.of(parts[2]);
            Element reply = Stanzas.errorReply(stanza, StanzaError.of(StanzaError.Condition.RESOURCE_CONSTRAINT, "the recipient's node is overloaded"))
                    .withAttr("from", to.toString()).withAttr("to", from.toString());
            r.route(to, from, reply);
        } catch (XmlParseException | RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "could not bounce an overflowing stanza from another node (" + e.getMessage() + ")", e);
        }
    }

    private void handle(String frame) {
        String[] parts = frame.split("\n", 4);
        if (parts[0].equals(REPLACED)) {
            replaced(parts[2]);
            return;
        }
        boolean deliver = parts[0].equals(DELIVER);
        Router r = router.get();
        SessionManager s = sessions.get();
        if (deliver ? s == null : r == null) {
            log.log(System.Logger.Level.WARNING, "dropped a stanza from another node for {0}: this node's router is stopped", parts[2]);
            return;
        }
        try {
            Jid from = Jid.of(parts[1]);
            Jid to = Jid.of(parts[2]);
            Element stanza = XmlStreams.parseElement(parts[3]);
            if (deliver) s.deliverForwarded(from, to, stanza);
            else r.route(from, to, stanza);
        } catch (XmlParseException | RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "dropped a stanza from another node that this node cannot read ("
                    + e.getMessage() + "); are both on the same version?", e);
        }
    }

    private void replaced(String session) {
        SessionManager s = sessions.get();
        if (s == null) {
            log.log(System.Logger.Level.WARNING, "could not close {0}, replaced by a login on another node: this node''s router is stopped", session);
            return;
        }
        try {
            s.replacedElsewhere(Jid.of(session));
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "could not close " + session + ", replaced by a login on another node (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        lanes.close();
    }
}
