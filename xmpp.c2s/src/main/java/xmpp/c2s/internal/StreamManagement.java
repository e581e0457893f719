package xmpp.c2s.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * XEP-0198 state of one session, from {@code <enable/>} on: how many stanzas the client sent
 * us (our {@code h}), and the stanzas we sent that the client has not acknowledged, as their
 * serialized bytes. Both counters wrap at 2^32 as the XEP says; Java's int arithmetic does that.
 * The unacknowledged are bounded in stanzas and in bytes: they stay after the writer has written
 * them, so the outbound queue's byte limit alone would not bound what a client that never
 * acknowledges holds.
 * The unacknowledged list is allocated only while something is unacknowledged, so an idle
 * session that acknowledged everything holds none.
 */
final class StreamManagement {

    static final String NS = "urn:xmpp:sm:3";

    /** The server asks for an acknowledgement once this many stanzas went out unrequested. */
    static final int REQUEST_EVERY = 10;

    private final String id;   // the resumption id; null when the client did not ask for resumption
    private final Duration resumeFor;
    private final int maxUnacked;
    private final long maxUnackedBytes;
    private volatile int received;   // written by the reading thread of the connection of the moment only
    private ArrayDeque<byte[]> unacked;
    private long unackedBytes;
    private int acked;   // the client's last h
    private int unrequested;

    StreamManagement(String id, Duration resumeFor, int maxUnacked, long maxUnackedBytes) {
        this(id, resumeFor, maxUnacked, maxUnackedBytes, 0);
    }

    /** {@code acked}: the client's h so far; 0 at {@code <enable/>}, near 2^32 in the test of the wrap. */
    StreamManagement(String id, Duration resumeFor, int maxUnacked, long maxUnackedBytes, int acked) {
        this.id = id;
        this.resumeFor = resumeFor;
        this.maxUnacked = maxUnacked;
        this.maxUnackedBytes = maxUnackedBytes;
        this.acked = acked;
    }

    boolean resumable() {
        return id != null;
    }

    /** The id the client resumes with; only when {@link #resumable()}. */
    String id() {
        return id;
    }

    Duration resumeFor() {
        return resumeFor;
    }

    /** A stanza from the client was handled. */
    void received() {
        received++;
    }

    /** Our {@code h}: how many stanzas from the client we handled, modulo 2^32. */
    int handled() {
        return received;
    }

    /**
     * Records a stanza sent (or kept for a detached session) after {@code <enable/>}.
     *
     * @return false if the client has left too many unacknowledged, or too many bytes: the caller treats it as
     *         a client that does not read, and the stanza is not recorded
     */
    synchronized boolean sent(byte[] stanza) {
        if (unacked == null) unacked = new ArrayDeque<>();
        if (unacked.size() >= maxUnacked || unackedBytes + stanza.length > maxUnackedBytes) return false;
        unacked.add(stanza);
        unackedBytes += stanza.length;
        unrequested++;
        return true;
    }

    /** Whether the server should ask for an acknowledgement now; asking resets the count. */
    synchronized boolean requestDue() {
        if (unrequested < REQUEST_EVERY) return false;
        unrequested = 0;
        return true;
    }

    /**
     * The client's {@code <a h/>} (or the {@code h} of its {@code <resume/>}): drops what it
     * acknowledges.
     *
     * @return false if {@code h} acknowledges stanzas never sent (XEP-0198 section 4's
     *         undefined-condition, "handled-count-too-high")
     */
    synchronized boolean acknowledge(int h) {
        int newly = h - acked;   // wraps as the counters do
        int waiting = unacked == null ? 0 : unacked.size();
        if (Integer.compareUnsigned(newly, waiting) > 0) return false;
        for (int i = 0; i < newly; i++) unackedBytes -= unacked.poll().length;
        acked = h;
        if (unacked != null && unacked.isEmpty()) unacked = null;
        return true;
    }

    /** How many stanzas the client has not acknowledged. */
    synchronized int unackedCount() {
        return unacked == null ? 0 : unacked.size();
    }

    /** The unacknowledged stanzas in order, still kept: what a resumed stream sends again. */
    synchronized List<byte[]> unacked() {
        return unacked == null ? List.of() : List.copyOf(unacked);
    }

    /** The unacknowledged stanzas in order, now forgotten: what a session that ends routes elsewhere. */
    synchronized List<byte[]> takeUnacked() {
        List<byte[]> all = unacked();
        unacked = null;
        unackedBytes = 0;
        return all;
    }
}
