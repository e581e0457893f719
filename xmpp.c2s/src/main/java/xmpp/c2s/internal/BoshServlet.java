package xmpp.c2s.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import xmpp.core.stream.XmlParseException;
import xmpp.core.xml.Element;

/**
 * The BOSH endpoint (XEP-0124, XEP-0206) on the HTTP service: a POST per request, taken out of
 * the HTTP service's request thread at once (asynchronous), and served on a virtual thread of its
 * own that parks while the session holds the request. A session's stream goes to the client
 * listener through a {@link FramedTransport}, under that listener's limits; the sessions are
 * bounded as its connections are, and end after {@code inactivity} without a request.
 */
final class BoshServlet extends HttpServlet {

    private static final System.Logger log = System.getLogger(BoshServlet.class.getName());
    private static final long serialVersionUID = 1L;
    private static final int MAX_HOLD = 1;            // one held request and one more in flight, as most servers allow
    private static final long SWEEP_MILLIS = 1000;

    /** The endpoint's limits, from its configuration. */
    record Limits(Duration maxWait, Duration inactivity) { }

    private final transient C2SListener listener;
    private final Limits limits;
    private final transient Map<String, BoshSession> sessions = new ConcurrentHashMap<>();
    private final transient SecureRandom random = new SecureRandom();
    private final transient ScheduledExecutorService sweeper;

    BoshServlet(C2SListener listener, Limits limits) {
        this.listener = listener;
        this.limits = limits;
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("bosh-inactivity").factory());
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Sessions open now. */
    int sessions() {
        return sessions.size();
    }

    private void sweep() {
        // A failure thrown out of here would cancel the scheduled sweep for good, and no session would expire again.
        try {
            long now = System.nanoTime();
            sessions.values().removeIf(s -> s.expired(now));
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "the BOSH inactivity sweep failed (a bug); it runs again in " + SWEEP_MILLIS + " ms", e);
        }
    }

    /** Requests held now, across the sessions. */
    int heldRequests() {
        return sessions.values().stream().mapToInt(BoshSession::heldRequests).sum();
    }

    /** Ends every session and the sweep. */
    void close() {
        sweeper.shutdownNow();
        for (BoshSession s : sessions.values()) s.shutdown();
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        cors(response);   // a browser client on another origin asks first
        response.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
        response.setHeader("Access-Control-Allow-Headers", "Content-Type");
        response.setHeader("Access-Control-Max-Age", "86400");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "BOSH (XEP-0124): POST a <body/>");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        cors(response);
        // A held request must not keep one of the HTTP service's few request threads (threadpool.max):
        // it waits as an idle TCP session does, on a parked virtual thread. The session's wait ends it.
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        Thread.ofVirtual().name("bosh-request").start(() -> {
            try {
                handle(request, response);
            } catch (IOException e) {
                log.log(System.Logger.Level.DEBUG, "BOSH answer to {0} not sent (the client went away?): {1}", request.getRemoteAddr(), e.getMessage());
            } finally {
                async.complete();
            }
        });
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentLengthLong() > listener.settings().maxStanzaBytes()) {   // before reading any of it
            answer(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, terminate("policy-violation"));
            return;
        }
        Element body;
        try {
            body = read(request);
        } catch (XmlParseException | IOException e) {
            log.log(System.Logger.Level.DEBUG, "bad BOSH request from {0}: {1}", request.getRemoteAddr(), e.getMessage());
            answer(response, HttpServletResponse.SC_BAD_REQUEST, terminate("bad-request"));
            return;
        }
        long rid;
        try {
            rid = Long.parseLong(body.attr("rid"));
        } catch (NumberFormatException e) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, terminate("bad-request"));
            return;
        }
        try {
            String sid = body.attr("sid");
            BoshSession.Answer answer;
            if (sid.isEmpty()) {
                answer = create(request, body, rid);
            } else {
                BoshSession session = sessions.get(sid);
                // XEP-0124 section 17.2: an unknown sid is item-not-found (HTTP 404 for clients before version 1.6)
                if (session == null) {
                    answer(response, HttpServletResponse.SC_NOT_FOUND, terminate("item-not-found"));
                    return;
                }
                answer = session.request(rid, body, null);
            }
            answer(response, HttpServletResponse.SC_OK, answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, terminate("system-shutdown"));
        }
    }

    private BoshSession.Answer create(HttpServletRequest request, Element body, long rid) throws InterruptedException {
        if (body.attr("to").isEmpty()) return new BoshSession.Answer(terminate("improper-addressing"), true);
        Duration wait = Duration.ofSeconds(Math.min(seconds(body.attr("wait"), limits.maxWait().toSeconds()), limits.maxWait().toSeconds()));
        int hold = (int) Math.min(seconds(body.attr("hold"), 1), MAX_HOLD);
        byte[] id = new byte[16];
        random.nextBytes(id);
        String sid = HexFormat.of().formatHex(id);
        BoshSession session = new BoshSession(sid, rid, wait, hold, limits.inactivity(), listener.settings().maxStanzaBytes(),
                () -> sessions.remove(sid));
        String peer = "bosh " + request.getRemoteAddr() + " " + sid.substring(0, 8);
        InetAddress remote;
        try {
            remote = InetAddress.getByName(request.getRemoteAddr());
        } catch (IOException e) {
            return new BoshSession.Answer(terminate("bad-request"), true);
        }
        FramedTransport transport = new FramedTransport("bosh", request.isSecure(), remote, peer, session, listener.parser());
        session.carry(transport);
        try {
            listener.serve(transport);
        } catch (ConnectionLimits.Refused refused) {
            log.log(System.Logger.Level.INFO, "BOSH session from {0} refused: {1}", request.getRemoteAddr(), refused.getMessage());
            // XEP-0124 section 17.2: an address over its own limits broke the rules; a full listener is
            // the server unable to take the stream, as a TCP connection is refused then.
            return new BoshSession.Answer(terminate(refused.byAddress() ? "policy-violation" : "remote-connection-failed"), true);
        }
        sessions.put(sid, session);
        return session.request(rid, body, session.creationAttributes());
    }

    private static long seconds(String value, long otherwise) {
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** The request's {@code <body/>}, read up to the listener's stanza limit and parsed with its limits. */
    private Element read(HttpServletRequest request) throws IOException, XmlParseException {
        int max = listener.settings().maxStanzaBytes();
        InputStream in = request.getInputStream();
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length > max) throw new IOException("a request over " + max + " bytes");
        Element body = listener.parser().parseElement(new String(bytes, StandardCharsets.UTF_8));
        if (!body.name().equals("body") || !body.namespace().equals(BoshSession.NS))
            throw new IOException("not a <body/> of " + BoshSession.NS);
        return body;
    }

    private static String terminate(String condition) {
        return "<body xmlns='" + BoshSession.NS + "' type='terminate' condition='" + condition + "'/>";
    }

    private static void cors(HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Origin", "*");
    }

    private static void answer(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/xml; charset=utf-8");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
