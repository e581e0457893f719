package xmpp.c2s.internal;

import java.util.List;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.spi.metrics.SessionTransport;
import xmpp.core.spi.route.SessionState;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/**
 * A bound client session, as the session manager sees it. With XEP-0198 resumption it outlives
 * its connection: a connection lost without {@code </stream>} leaves it detached, still bound,
 * keeping what is delivered, until a new connection resumes it or its time runs out.
 */
final class ClientSession implements Session, SessionState, SessionTransport {

    enum Link { ATTACHED, DETACHED, ENDED }

    private final Jid jid;
    private Connection connection;   // the connection of the moment; while detached, the lost one. Guarded by this
    private Link link = Link.ATTACHED;   // guarded by this
    private volatile StreamManagement sm;
    private volatile ClientStateFilter csi;   // from the first <inactive/> on

    ClientSession(Jid jid, Connection connection) {
        this.jid = jid;
        this.connection = connection;
    }

    @Override
    public Jid jid() {
        return jid;
    }

    StreamManagement sm() {
        return sm;
    }

    /** XEP-0198 is on from now. */
    void manage(StreamManagement sm) {
        this.sm = sm;
    }

    private synchronized Link link() {
        return link;
    }

    @Override
    public State state() {
        if (link() == Link.DETACHED) return State.DETACHED;
        return isInactive() ? State.INACTIVE : State.ACTIVE;
    }

    /** XEP-0352 {@code <inactive/>}. */
    void inactive(int maxHeld) {
        ClientStateFilter filter = csi;
        if (filter == null) csi = filter = new ClientStateFilter(maxHeld);
        filter.becomeInactive();
    }

    /** XEP-0352 {@code <active/>}: what waited goes now. */
    void active() {
        ClientStateFilter filter = csi;
        if (filter != null) filter.becomeActive().forEach(this::deliverNow);
    }

    /** What XEP-0352 held back and nobody will now deliver here, in order; forgotten. */
    List<Element> takeHeld() {
        ClientStateFilter filter = csi;
        return filter == null ? List.of() : filter.takeHeld();
    }

    boolean isInactive() {
        ClientStateFilter filter = csi;
        return filter != null && filter.inactive();
    }

    @Override
    public void deliver(Element stanza) {
        ClientStateFilter filter = csi;
        if (filter == null) deliverNow(stanza);
        else filter.pass(stanza).forEach(this::deliverNow);
    }

    private void deliverNow(Element stanza) {
        Connection c;
        Outbound.Offer result;
        boolean detached;
        // Under the lock, so that a resumption cannot take the unacknowledged stanzas between
        // the choice of the connection and the stanza's arrival in its queue.
        synchronized (this) {
            c = connection;
            detached = link == Link.DETACHED;
            if (link == Link.ENDED) {
                result = Outbound.Offer.CLOSED;
            } else if (detached) {
                result = c.keep(stanza);
            } else {
                result = c.offer(stanza);
                StreamManagement managed = sm;
                // The connection is going: if it is lost, not closed, a resumption may still come for this stanza.
                if (result == Outbound.Offer.CLOSED && managed != null && managed.resumable()) result = c.keep(stanza);
            }
        }
        if (result != Outbound.Offer.QUEUED) c.refused(stanza, result, detached);
    }

    /** Whether {@code c} is the session's connection (or its lost one while detached, or its last once ended). */
    synchronized boolean heldBy(Connection c) {
        return connection == c;
    }

    /** From the connection that lost its client: true if the session stays, detached, for a resumption. */
    synchronized boolean detach(Connection lost) {
        StreamManagement managed = sm;
        if (link != Link.ATTACHED || connection != lost || managed == null || !managed.resumable()) return false;
        link = Link.DETACHED;
        return true;
    }

    /**
     * A new connection takes the session over: {@code attach} runs first, under the lock, so
     * that nothing delivered meanwhile is lost or overtakes what it sends again.
     *
     * @return the connection that held the session, or null if the session has ended
     */
    synchronized Connection resumeOn(Connection next, Runnable attach) {
        if (link == Link.ENDED) return null;
        Connection previous = connection;
        attach.run();
        connection = next;
        link = Link.ATTACHED;
        return previous;
    }

    /** Ends the session held by {@code holder}: true once, for the caller that then unbinds it and routes its stanzas elsewhere. */
    synchronized boolean end(Connection holder) {
        if (link == Link.ENDED || connection != holder) return false;
        link = Link.ENDED;
        return true;
    }

    /** Ends a detached session still held by {@code lost}, when its time runs out. */
    synchronized boolean endDetached(Connection lost) {
        if (link != Link.DETACHED || connection != lost) return false;
        link = Link.ENDED;
        return true;
    }

    @Override
    public void close(StreamError error) {
        Connection c;
        boolean detached;
        synchronized (this) {
            c = connection;
            detached = link == Link.DETACHED;
        }
        if (detached) c.closeDetached(error);
        else c.closeWith(error);
    }

    @Override
    public boolean reachable() {
        return link() == Link.ATTACHED && !isInactive();
    }

    @Override
    public String address() {
        return current().peer();
    }

    @Override
    public String transport() {
        return current().transport();
    }

    @Override
    public boolean secure() {
        return current().isTls();
    }

    @Override
    public java.time.Instant since() {
        return current().since();
    }

    @Override
    public int queued() {
        StreamManagement managed = sm;
        return link() == Link.DETACHED && managed != null ? managed.unackedCount() : current().queued();
    }

    private synchronized Connection current() {
        return connection;
    }

    @Override
    public String toString() {
        return jid.toString();
    }
}
