package xmpp.s2s.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlParseException;
import xmpp.core.xml.Element;

/**
 * The one stream from a local domain to a remote one (RFC 6120, unidirectional): set up on its
 * own virtual thread while stanzas queue, bounded; then that thread writes them, in order, until
 * the stream is idle for {@code idle.timeout.s}. Whatever cannot be delivered (the domain is
 * unknown, its server does not answer or refuses us, the stream breaks) is bounced, with one log
 * line naming the domain and the cause.
 */
final class OutgoingStream implements S2SStream, Runnable {

    private static final System.Logger log = System.getLogger(OutgoingStream.class.getName());
    private static final Element END = Element.of("end");   // the queue's marker: close now

    enum Offer { QUEUED, FULL, CLOSED }

    private final long id;
    private final String local;
    private final String remote;
    private final Federation federation;
    private final Consumer<OutgoingStream> ended;
    private final BlockingQueue<Element> queue;
    private final Instant since = Instant.now();
    private final Object lock = new Object();
    private boolean closed;                     // under lock: no more offers
    private volatile Wire wire;
    private volatile String auth = "connecting";
    private volatile boolean timedOut;
    private volatile String endCause = "closed";   // why END was queued

    OutgoingStream(long id, String local, String remote, Federation federation, Consumer<OutgoingStream> ended) {
        this.id = id;
        this.local = local;
        this.remote = remote;
        this.federation = federation;
        this.ended = ended;
        this.queue = new ArrayBlockingQueue<>(federation.settings().maxQueuedStanzas() + 1);   // + END
    }

    /** From the router's threads; never blocks. */
    Offer offer(Element stanza) {
        synchronized (lock) {
            if (closed) return Offer.CLOSED;
            return queue.remainingCapacity() > 1 && queue.offer(stanza) ? Offer.QUEUED : Offer.FULL;
        }
    }

    @Override
    public void run() {
        Future<?> deadline = federation.deadlines().schedule(this::setupTimedOut, federation.settings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        Dialer.Dialed dialed;
        try {
            dialed = federation.dialer().dial(local, remote);
            wire = dialed.wire();
            authenticate(dialed);
        } catch (Dialer.Unreachable e) {
            deadline.cancel(false);
            fail(e.condition(), timedOut ? "no stream within " + federation.settings().connectTimeout().toSeconds() + " s (" + e.getMessage() + ")"
                    : e.getMessage());
            return;
        } catch (IOException | XmlParseException | StreamFailure e) {
            deadline.cancel(false);
            fail(Condition.REMOTE_SERVER_TIMEOUT, timedOut ? "no stream within " + federation.settings().connectTimeout().toSeconds() + " s"
                    : "authentication failed: " + e.getMessage());
            return;
        }
        deadline.cancel(false);
        log.log(System.Logger.Level.INFO, "stream {0} to {1} from {2} at {3} authenticated by {4} over {5}", id, remote, local,
                dialed.address(), auth, wire.tlsProtocol().isEmpty() ? "plain TCP" : wire.tlsProtocol());
        Thread.ofVirtual().name("s2s-out-reader-" + remote).start(this::readUntilClosed);
        write();
    }

    private void setupTimedOut() {
        timedOut = true;
        Wire w = wire;
        if (w != null) w.close();   // a dial in progress fails at once; see run()
    }

    /** SASL EXTERNAL where our certificate satisfies the peer and its own verifies; else dialback. */
    private void authenticate(Dialer.Dialed dialed) throws IOException, XmlParseException, StreamFailure {
        PeerVerifier.Verdict verdict = dialed.wire().isTls() ? federation.verifier().verify(dialed.wire().peerChain(), remote)
                : PeerVerifier.Verdict.failed("the stream is not encrypted");
        if (verdict.verified() && offersExternal(dialed.features()) && saslExternal(dialed)) {
            auth = "SASL EXTERNAL";
            return;
        }
        if (!verdict.verified() && !federation.settings().dialbackUntrusted())
            throw new StreamFailure(StreamError.Condition.NOT_AUTHORIZED, "its certificate does not prove " + remote + ": " + verdict.reason()
                    + "; dialback.untrusted is off");
        if (!verdict.verified())
            log.log(System.Logger.Level.INFO, "{0}: {1}; authenticating by dialback", remote, verdict.reason());
        dialback(dialed);
        auth = "dialback";
    }

    private static boolean offersExternal(Element features) {
        return features.child("mechanisms", Namespaces.SASL).stream().flatMap(m -> m.elements().stream())
                .anyMatch(m -> m.text().strip().equals("EXTERNAL"));
    }

    private boolean saslExternal(Dialer.Dialed dialed) throws IOException, XmlParseException, StreamFailure {
        Wire w = dialed.wire();
        w.write(Element.builder("auth").xmlns(Namespaces.SASL).attr("mechanism", "EXTERNAL")
                .text(Base64.getEncoder().encodeToString(local.getBytes(StandardCharsets.UTF_8))).build());
        Element answer = w.next();
        if (answer == null) throw new StreamFailure(StreamError.Condition.UNDEFINED_CONDITION, "it closed the stream during SASL");
        if (!answer.name().equals("success")) {
            log.log(System.Logger.Level.INFO, "{0} refused SASL EXTERNAL for {1} ({2}); trying dialback", remote, local,
                    answer.firstElement().map(Element::name).orElse(answer.name()));
            return false;
        }
        Dialer.open(w, local, remote);   // RFC 6120 section 6.4.6: a new stream after success
        return true;
    }

    /** XEP-0220 section 2.1: our key for this stream; the peer asks our authoritative server whether it is ours. */
    private void dialback(Dialer.Dialed dialed) throws IOException, XmlParseException, StreamFailure {
        Wire w = dialed.wire();
        String key = federation.keys().key(remote, local, dialed.streamId());
        w.write(Namespaces.dialback("result").attr("from", local).attr("to", remote).text(key).build());
        for (Element e = w.next(); e != null; e = w.next()) {
            if (e.name().equals("error") && e.namespace().equals(xmpp.core.stream.Streams.STREAMS_NS))
                throw new StreamFailure(StreamError.from(e).condition(), "it ended the stream: " + StreamError.from(e).text());
            if (!e.name().equals("result") || !e.namespace().equals(Namespaces.DIALBACK)) continue;
            switch (e.attr("type")) {
                case "valid" -> {
                    return;
                }
                case "invalid" -> throw new StreamFailure(StreamError.Condition.NOT_AUTHORIZED, "it found our dialback key invalid");
                default -> throw new StreamFailure(StreamError.Condition.NOT_AUTHORIZED, "it refused dialback: "
                        + e.child("error").flatMap(Element::firstElement).map(Element::name).orElse(e.attr("type")));
            }
        }
        throw new StreamFailure(StreamError.Condition.UNDEFINED_CONDITION, "it closed the stream during dialback");
    }

    /** Writes what is queued until idle, closed, or broken. */
    private void write() {
        Element stanza = null;
        try {
            while (true) {
                stanza = queue.poll(federation.settings().idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (stanza == null) {
                    if (closeIfIdle()) return;
                    continue;
                }
                if (stanza == END) {
                    failAfterSetup(List.of(), endCause);
                    return;
                }
                wire.write(stanza);
                stanza = null;
            }
        } catch (IOException e) {
            List<Element> lost = new ArrayList<>();
            if (stanza != null) lost.add(stanza);
            failAfterSetup(lost, "the stream broke: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failAfterSetup(List.of(), "the server is stopping");
        }
    }

    private boolean closeIfIdle() {
        synchronized (lock) {
            if (!queue.isEmpty()) return false;
            closed = true;
        }
        log.log(System.Logger.Level.INFO, "stream {0} to {1} idle for {2} s; closed", id, remote, federation.settings().idleTimeout().toSeconds());
        ended.accept(this);
        wire.end(null);
        wire.close();
        return true;
    }

    /** The peer closed its side or the connection broke: nothing more can be written. */
    private void readUntilClosed() {
        Wire w = wire;
        try {
            for (Element e = w.next(); e != null; e = w.next())
                if (e.name().equals("error")) log.log(System.Logger.Level.INFO, "{0} ended stream {1}: {2}", remote, id,
                        StreamError.from(e).condition().elementName());
        } catch (IOException | XmlParseException e) {
            log.log(System.Logger.Level.DEBUG, "stream {0} from {1}: {2}", id, remote, e.getMessage());
        }
        boolean wasOpen;
        synchronized (lock) {
            wasOpen = !closed;
            closed = true;
        }
        if (!wasOpen) return;
        ended.accept(this);   // new stanzas for the domain open a new stream from now on
        endCause = remote + " closed the stream";
        queue.offer(END);     // the queue has room for it: offers stopped one short of full
    }

    @Override
    public void close(String why) {
        synchronized (lock) {
            if (closed) return;
            closed = true;
        }
        endCause = why;
        Wire w = wire;
        if (w != null && auth.equals("connecting")) w.close();   // a dial in progress fails at once
        queue.offer(END);
    }

    private void fail(Condition condition, String cause) {
        synchronized (lock) {
            closed = true;
        }
        ended.accept(this);
        Wire w = wire;
        if (w != null) w.close();
        int bounced = bounceRest(new ArrayList<>(), condition, "cannot reach " + remote);
        log.log(System.Logger.Level.WARNING, "cannot reach {0} from {1}: {2}; {3} stanzas bounced with {4}", remote, local, cause, bounced,
                condition.elementName());
    }

    private void failAfterSetup(List<Element> lost, String cause) {
        synchronized (lock) {
            closed = true;
        }
        ended.accept(this);
        wire.end(null);
        wire.close();
        int bounced = bounceRest(lost, Condition.REMOTE_SERVER_TIMEOUT, "the stream to " + remote + " broke");
        log.log(bounced > 0 ? System.Logger.Level.WARNING : System.Logger.Level.INFO, "stream {0} to {1} from {2} ended: {3}; {4} stanzas bounced with remote-server-timeout",
                id, remote, local, cause, bounced);
    }

    /** Bounces {@code lost} and whatever still waits; the queue takes no more offers by now. */
    private int bounceRest(List<Element> lost, Condition condition, String text) {
        queue.drainTo(lost);
        int bounced = 0;
        for (Element e : lost) if (e != END && federation.bounces().bounce(e, condition, text)) bounced++;
        return bounced;
    }

    @Override
    public Wire wire() {
        return wire;
    }

    @Override
    public Info info() {
        Wire w = wire;
        return new Info(id, "out", local, remote, auth, w == null || !w.isTls() ? "no" : w.tlsProtocol(), since, w == null ? "" : w.peer(),
                (int) queue.stream().filter(e -> e != END).count());
    }
}
