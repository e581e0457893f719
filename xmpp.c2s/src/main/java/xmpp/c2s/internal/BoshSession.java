package xmpp.c2s.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import xmpp.core.xml.Element;
import xmpp.core.xml.Xml;

/**
 * One BOSH session (XEP-0124, XEP-0206): the client's requests in {@code rid} order, each held
 * until the server has something for it or {@code wait} runs out; at most {@code hold} held, the
 * oldest answered when another comes; the answers to the last {@code requests} rids kept to
 * replay to a client that lost one. What waits for the client is bounded by the listener's stanza
 * limit (more, and the stream's writer waits, until its write timeout), so an answer is too, and
 * a session keeps at most {@code requests + 1} of them: its memory is bounded by
 * {@code (requests + 1) x max.stanza.bytes} characters, whatever its client does. The stream
 * inside is a {@link FramedTransport}'s, so it is negotiated, limited and served as a TCP client's.
 */
final class BoshSession implements FramedTransport.Carrier {

    static final String NS = "http://jabber.org/protocol/httpbind";
    static final String XBOSH_NS = "urn:xmpp:xbosh";
    private static final System.Logger log = System.getLogger(BoshSession.class.getName());

    /** A request's answer: the body to send. */
    record Answer(String body, boolean terminal) { }

    /** A request held, by identity: a retry of its rid takes its place while it still waits. */
    private static final class Hold {
        final long rid;
        boolean superseded;   // guarded by the session's lock

        Hold(long rid) {
            this.rid = rid;
        }
    }

    private final String sid;
    private final Duration wait;
    private final int hold;
    private final int requests;
    private final Duration inactivity;
    private final int maxPendingChars;   // what waits for the client; one element larger goes alone
    private final Runnable ended;   // forgets the session: its terminal answer is given
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<String> pending = new ArrayList<>();
    private final List<String> undelivered = new ArrayList<>();   // stanzas pending when the session expired or was shut down
    private int pendingChars;
    private final Deque<Hold> held = new ArrayDeque<>();
    private final Map<Long, Answer> answered = new LinkedHashMap<>();
    private FramedTransport transport;
    private long nextRid;
    private int inFlight;
    private int outOfOrder;   // requests waiting for an earlier rid
    private long idleSince = System.nanoTime();
    private String terminateCondition;   // set when the session ends
    private String from = "";

    BoshSession(String sid, long firstRid, Duration wait, int hold, Duration inactivity, int maxPendingChars, Runnable ended) {
        this.sid = sid;
        this.maxPendingChars = maxPendingChars;
        this.nextRid = firstRid;
        this.wait = wait;
        this.hold = hold;
        this.requests = hold + 1;
        this.inactivity = inactivity;
        this.ended = ended;
    }

    /** Set once, before the first request. */
    void carry(FramedTransport transport) {
        this.transport = transport;
    }

    /** Requests held now, waiting for something to answer with. */
    int heldRequests() {
        lock.lock();
        try {
            return held.size();
        } finally {
            lock.unlock();
        }
    }

    /** XEP-0124 section 7.1: the attributes of the session creation response. */
    String creationAttributes() {
        return " sid='" + sid + "' wait='" + wait.toSeconds() + "' hold='" + hold + "' requests='" + requests + "' inactivity='"
                + inactivity.toSeconds() + "' polling='0' ver='1.11' xmpp:version='1.0' xmlns:xmpp='" + XBOSH_NS + "' xmlns:stream='"
                + xmpp.core.stream.Streams.STREAMS_NS + "'";
    }

    /**
     * Handles one request, blocking until its answer: its elements (or the stream's restart, or
     * its end) go to the stream in rid order; then it waits for what the server sends.
     */
    Answer request(long rid, Element body, String creation) throws InterruptedException {
        lock.lock();
        try {
            inFlight++;
            try {
                Answer answer = answer(rid, body, creation);
                if (answer.terminal()) ended.run();   // said; the session may be forgotten
                return answer;
            } finally {
                inFlight--;
                idleSince = System.nanoTime();
            }
        } finally {
            lock.unlock();
        }
    }

    private Answer answer(long rid, Element body, String creation) throws InterruptedException {
        if (rid < nextRid) {   // XEP-0124 section 14.3: the client lost our answer; the same again
            Answer again = answered.get(rid);
            if (again != null) return again;
            Hold still = heldWith(rid);
            if (still == null) return terminate("item-not-found");
            // Its connection was lost on the way (a proxy dropped it): the retry waits in its place.
            still.superseded = true;
            held.remove(still);
            changed.signalAll();
            return awaitAnswer(rid, null, System.nanoTime() + wait.toNanos());
        }
        if (rid >= nextRid + requests) return terminate("item-not-found");      // beyond the window (section 14.2)
        // Section 11: more at once than 'requests' (held, or waiting for an earlier rid) is overactivity.
        if (held.size() + outOfOrder >= requests) return terminate("policy-violation");
        long deadline = System.nanoTime() + wait.toNanos();
        outOfOrder++;
        try {
            while (rid != nextRid && terminateCondition == null) {               // an earlier rid is still on its way
                if (!changed.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) return terminate("item-not-found");
            }
        } finally {
            outOfOrder--;
        }
        if (terminateCondition != null) return remember(rid, terminal());
        pass(body, creation != null);
        nextRid++;
        changed.signalAll();
        return awaitAnswer(rid, creation, deadline);
    }

    /** Holds the request until there is something for it, {@code wait} is over, or a later one takes its place. */
    private Answer awaitAnswer(long rid, String creation, long deadline) throws InterruptedException {
        Hold mine = new Hold(rid);
        held.addLast(mine);
        if (held.size() > hold) {   // the oldest held request goes now, with whatever there is
            held.removeFirst();
            changed.signalAll();
        }
        while (pending.isEmpty() && terminateCondition == null && held.contains(mine)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            changed.awaitNanos(left);
        }
        held.remove(mine);
        // Not remembered: the rid's answer is its retry's, and what waits is the retry's to take.
        if (mine.superseded) return new Answer("<body xmlns='" + NS + "'/>", false);
        if (terminateCondition != null) return remember(rid, terminal());
        StringBuilder xml = new StringBuilder("<body xmlns='").append(NS).append("'");
        if (creation != null) xml.append(creation).append(" from='").append(Xml.escape(from)).append("'");
        xml.append(">");
        for (String e : pending) xml.append(e);
        pending.clear();
        pendingChars = 0;
        changed.signalAll();
        return remember(rid, new Answer(xml.append("</body>").toString(), false));
    }

    /** The request's payload to the stream; the lock is let go meanwhile, as the stream may be busy, but no later rid passes. */
    private void pass(Element body, boolean creation) throws InterruptedException {
        lock.unlock();
        try {
            if (creation || body.attr("xmpp:restart").equals("true")) {   // XEP-0206 section 5: a restart opens the stream anew
                transport.open(body.attr("to"), body.attr("xml:lang"));
            } else {
                for (Element e : body.elements()) transport.element(e.toXml());
                if (body.attr("type").equals("terminate")) transport.closeStream();
            }
        } finally {
            lock.lock();
        }
    }

    private Hold heldWith(long rid) {
        for (Hold h : held) if (h.rid == rid) return h;
        return null;
    }

    private Answer remember(long rid, Answer answer) {
        answered.put(rid, answer);
        answered.keySet().removeIf(r -> r <= rid - requests);
        return answer;
    }

    /** Ends the session with this condition (XEP-0124 section 17.2) and answers with it. */
    private Answer terminate(String condition) {
        end(condition);
        return terminal();
    }

    private Answer terminal() {
        StringBuilder xml = new StringBuilder("<body xmlns='").append(NS).append("' type='terminate'");
        if (!terminateCondition.isEmpty()) xml.append(" condition='").append(terminateCondition).append("'");
        xml.append(">");
        for (String e : pending) xml.append(e);
        return new Answer(xml.append("</body>").toString(), true);
    }

    private void end(String condition) {
        boolean first = terminateCondition == null;
        if (first) terminateCondition = condition;
        changed.signalAll();
        if (first) transport.lost();
    }

    /**
     * From the endpoint's sweep: true once no request came for {@code inactivity}; the session is
     * over then (a live one ends as a lost connection) and may be forgotten. An ended session waits
     * that long too, so that the client's next request still learns why (a stream error, say).
     */
    boolean expired(long now) {
        lock.lock();
        try {
            if (inFlight > 0 || now - idleSince < inactivity.toNanos()) return false;
            if (terminateCondition == null) {
                int waiting = keepUndelivered();
                log.log(System.Logger.Level.INFO, "BOSH session {0} had no request for {1} s; it ends as a lost connection, and the {2} "
                        + "stanzas waiting for it are routed again", sid, inactivity.toSeconds(), waiting);
                end("");
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The endpoint stops: the session ends as a lost connection. */
    void shutdown() {
        lock.lock();
        try {
            if (terminateCondition == null) {
                int waiting = keepUndelivered();
                if (waiting > 0)
                    log.log(System.Logger.Level.INFO, "BOSH session {0} ends as its endpoint stops; the {1} stanzas waiting for it are "
                            + "routed again", sid, waiting);
            }
            end("system-shutdown");
        } finally {
            lock.unlock();
        }
    }

    /**
     * No request will take what waits: its stanzas go to {@link #undelivered()} for the connection's end to
     * route again (with XEP-0198 they are unacknowledged already, and this stays empty).
     */
    private int keepUndelivered() {
        for (String xml : pending) if (xml.startsWith("<message") || xml.startsWith("<presence") || xml.startsWith("<iq")) undelivered.add(xml);
        pending.clear();
        pendingChars = 0;
        return undelivered.size();
    }

    @Override
    public List<String> undelivered() {
        lock.lock();
        try {
            List<String> taken = List.copyOf(undelivered);
            undelivered.clear();
            return taken;
        } finally {
            lock.unlock();
        }
    }

    // ---- what the server sends

    @Override
    public void header(Map<String, String> attributes) {
        lock.lock();
        try {
            from = attributes.getOrDefault("from", "");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void element(String xml) throws IOException {
        lock.lock();
        try {
            while (!pending.isEmpty() && pendingChars + xml.length() > maxPendingChars && terminateCondition == null) changed.await();
            if (terminateCondition != null) throw new IOException("BOSH session " + sid + " has ended");
            pending.add(xml);
            pendingChars += xml.length();
            changed.signalAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void keepalive() {
        // an empty answer to the held request at the latest after 'wait' is BOSH's own keepalive
    }

    /**
     * The server ends the stream: the next answer, held now or asked for later, terminates the
     * session, with the stream error if one was sent (XEP-0206 section 5).
     */
    @Override
    public void end() {
        lock.lock();
        try {
            boolean streamError = pending.stream().anyMatch(e -> e.startsWith("<stream:error"));
            if (terminateCondition == null) terminateCondition = streamError ? "remote-stream-error" : "";
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void disconnect() {
        lock.lock();
        try {
            if (terminateCondition == null) terminateCondition = "";
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
