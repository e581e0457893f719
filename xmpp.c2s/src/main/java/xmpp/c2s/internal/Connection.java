package xmpp.c2s.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import xmpp.core.auth.Authenticator;
import xmpp.core.auth.InBandRegistration;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;
import xmpp.core.spi.auth.ScramAuthenticator;
import xmpp.core.spi.auth.ScramMechanism;
import xmpp.core.spi.stream.StreamHeader;
import xmpp.core.spi.stream.StreamReader;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.Presence;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaException;
import xmpp.core.stanza.Stanzas;
import xmpp.core.stream.StreamError.Condition;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.StreamFeature;
import xmpp.core.stream.Streams;
import xmpp.core.stream.XmlParseException;
import xmpp.core.xml.Element;
import xmpp.core.xml.Xml;
import xmpp.core.xml.XmlOutput;

/**
 * One client connection, read on a virtual thread of its own while its client sends (a silent
 * client's thread leaves, and another comes with its next bytes: see
 * {@link Transport#parkUntilReadable}): stream negotiation exactly as RFC 6120 lays it out
 * (header, STARTTLS, SASL, restart, resource binding), then the client's stanzas
 * with their {@code from} stamped by the server. Until binding, only this thread writes; after
 * it, everything goes through the session's {@link Outbound}. The bytes come and go through a
 * {@link Transport}, which knows sockets and TLS; this class knows neither.
 */
final class Connection implements Runnable {

    private static final System.Logger log = System.getLogger(Connection.class.getName());

    static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String SASL_NS = "urn:ietf:params:xml:ns:xmpp-sasl";
    static final String BIND_NS = "urn:ietf:params:xml:ns:xmpp-bind";
    static final String SESSION_NS = "urn:ietf:params:xml:ns:xmpp-session";
    static final String CHANNEL_BINDING_NS = "urn:xmpp:sasl-cb:0";
    static final String REGISTER_NS = "jabber:iq:register";
    static final String REGISTER_FEATURE_NS = "http://jabber.org/features/iq-register";

    private enum Outcome { CONTINUE, RESTART, BOUND }

    private static final Duration LAST_WORDS = Duration.ofSeconds(2);
    private static final int STANZAS_BETWEEN_YIELDS = 32;
    // A bound session's client silent this long loses its reading thread until its next bytes (see
    // IdleReaders): the parser is gone by then too, and a client that sends more often keeps both.
    private static final Duration SILENCE_BEFORE_PARKING = Duration.ofMillis(2 * StreamReader.IDLE_CHECK_MILLIS);

    private final Services services;
    private final Settings settings;
    private final ConnectionLimits.Admission admission;
    private final Runnable release;
    private final Instant since = Instant.now();
    private final String peer;
    private final boolean loopback;

    private final Transport transport;
    private volatile OutputStream out;
    private volatile StreamReader reader;   // volatile: the listener's periodic check releases its idle parser
    private volatile SSLSession tls;
    private Map<String, byte[]> channelBindings = Map.of();
    private String host;
    private volatile boolean headerSent;
    private Jid account;
    private int authFailures;
    private boolean bindingTypeRefused;
    private Sasl sasl;
    private String attempt;   // the offered mechanism of the authentication under way, for the metrics probe
    private List<String> offered = List.of();
    private volatile ClientSession session;
    private volatile Outbound outbound;
    private volatile Future<?> loginDeadline;
    private ScheduledExecutorService deadlines;
    private volatile boolean lost;         // the connection failed, no </stream>: a resumable session stays, detached
    private volatile boolean closedByServer;   // a stream error, a kick, a replacement: the session ends, a lost connection or not
    private volatile Future<?> expiry;

    Connection(Transport transport, Services services, ConnectionLimits.Admission admission, Runnable release) {
        this.transport = transport;
        this.services = services;
        this.settings = services.settings();
        this.admission = admission;
        this.release = release;
        this.peer = transport.peer();
        this.loopback = transport.remote().isLoopbackAddress();
    }

    // ---- what the listener and the shell see

    String peer() {
        return peer;
    }

    String transport() {
        return transport.kind();
    }

    Instant since() {
        return since;
    }

    /** TLS of its own, or of the carrier (HTTPS, WSS). */
    boolean isTls() {
        return tls != null || transport.securedByCarrier();
    }

    int queued() {
        Outbound o = outbound;
        return o == null ? 0 : o.queued();
    }

    // ---- the connection's life

    /** Before {@link #run()}: a connection that has not bound a resource within the auth timeout is closed. */
    void startLoginDeadline(ScheduledExecutorService deadlines) {
        this.deadlines = deadlines;
        loginDeadline = deadlines.schedule(this::authDeadline, settings.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Once bound or closed: a pending deadline would keep this connection, and all it holds, until it fires. */
    private void cancelLoginDeadline() {
        Future<?> deadline = loginDeadline;
        if (deadline != null) deadline.cancel(false);
    }

    @Override
    public void run() {
        reading(this::negotiateAndServe);
    }

    /** Bytes came to a connection that waited without its reading thread: a new one reads on. */
    private void resumeReading() {
        Thread.ofVirtual().name("c2s-" + peer).start(() -> reading(() -> {
            transport.unpark();
            return serve();
        }));
    }

    /** A reading thread's work: true when it leaves while its client is silent, false when the stream is over. */
    private interface Reading {
        boolean leftWhileSilent() throws IOException, StreamFailure, XmlParseException;
    }

    private void reading(Reading part) {
        boolean parked = false;
        try {
            parked = part.leftWhileSilent();
        } catch (StreamFailure f) {
            fail(f.error());
        } catch (XmlParseException e) {
            fail(e.toStreamError());
        } catch (FramingError e) {
            fail(e.error());
        } catch (SSLException e) {
            lost = true;
            log.log(System.Logger.Level.INFO, "TLS with {0} failed: {1}", peer, e.getMessage());
        } catch (IOException e) {
            lost = true;
            log.log(System.Logger.Level.DEBUG, "connection from {0} lost: {1}", peer, e.getMessage());
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "bug serving " + peer + "; its stream ends with internal-server-error", e);
            fail(StreamError.of(Condition.INTERNAL_SERVER_ERROR));
        } finally {
            if (!parked) cleanup();
        }
    }

    private boolean negotiateAndServe() throws IOException, StreamFailure, XmlParseException {
        if (settings.directTls()) startTls(defaultHost());
        openStreams();
        while (true) {
            StreamHeader header = reader.readHeader();
            host = checkHeader(header);
            sendHeader();
            sendFeatures();
            Outcome outcome;
            do {
                Element e = reader.nextStanza();
                if (e == null) {
                    closeStream();
                    return false;
                }
                outcome = negotiate(e);
            } while (outcome == Outcome.CONTINUE);
            if (outcome == Outcome.BOUND) break;
        }
        return serve();
    }

    private void openStreams() throws IOException {
        // Unbuffered: every write here is a whole element already, and the writer batches what
        // waits together; a buffer of its own would stay with each idle session.
        out = transport.out();
        reader = services.parser().open(transport.in());
        headerSent = false;
    }

    private void startTls(String domain) throws IOException {
        tls = transport.startTls(domain);
        channelBindings = ChannelBinding.of(tls);
    }

    private String defaultHost() {
        return services.hosts().all().stream().findFirst().orElse("localhost");
    }

    /** RFC 6120 section 4.7 and 4.9.3: the header's namespace, version and served domain. */
    private String checkHeader(StreamHeader header) throws StreamFailure {
        String to = header.to();
        Optional<Jid> domain = Jid.parse(to).filter(Jid::isDomain);
        host = domain.map(Jid::domainpart).filter(services.hosts()::isServed).orElse(null);
        if (!Streams.CLIENT_NS.equals(header.contentNamespace()))
            throw new StreamFailure(Condition.INVALID_NAMESPACE, "the content namespace of a client stream is " + Streams.CLIENT_NS);
        if (to.isEmpty()) throw new StreamFailure(Condition.HOST_UNKNOWN, "the stream header has no 'to'");
        if (host == null) throw new StreamFailure(Condition.HOST_UNKNOWN, "this server does not serve " + to);
        if (!header.version().startsWith("1.")) throw new StreamFailure(Condition.UNSUPPORTED_VERSION, "XMPP 1.0 streams only");
        return host;
    }

    private void sendHeader() throws IOException {
        byte[] id = new byte[12];
        services.random().nextBytes(id);
        write("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='" + Streams.STREAMS_NS + "' id='"
                + HexFormat.of().formatHex(id) + "' from='" + Xml.escape(host == null ? defaultHost() : host)
                + "' version='1.0' xml:lang='en'>");
        headerSent = true;
    }

    private void sendFeatures() throws IOException {
        Element.Builder features = Element.builder("features");
        if (account == null) {
            if (startTlsOffered()) {
                Element.Builder starttls = Element.builder("starttls").xmlns(TLS_NS);
                if (settings.starttlsRequired() && !plaintextAllowed()) starttls.child(Element.of("required"));
                features.child(starttls.build());
            }
            if (authAllowed()) {
                offered = mechanisms();
                Element.Builder mechanisms = Element.builder("mechanisms").xmlns(SASL_NS);
                for (String m : offered) mechanisms.child(Element.builder("mechanism").text(m).build());
                features.child(mechanisms.build());
                if (!channelBindings.isEmpty()) {   // XEP-0440: say which bindings -PLUS can use
                    Element.Builder cb = Element.builder("sasl-channel-binding").xmlns(CHANNEL_BINDING_NS);
                    for (String type : channelBindings.keySet()) cb.child(Element.of("channel-binding").withAttr("type", type));
                    features.child(cb.build());
                }
                if (services.registrationOn(host).isPresent()) features.child(Element.of("register", REGISTER_FEATURE_NS));
            }
        } else {
            features.child(Element.of("bind", BIND_NS));
            features.child(Element.builder("session").xmlns(SESSION_NS).child(Element.of("optional")).build());
            features.child(Element.of("sm", StreamManagement.NS));
            features.child(Element.of("csi", ClientStateFilter.NS));
            for (StreamFeature f : services.features()) features.child(f.element());
        }
        writeStreamElement(features.build());
    }

    private boolean startTlsOffered() {
        return tls == null && !settings.directTls() && !transport.securedByCarrier() && transport.startTlsAvailable();
    }

    private boolean plaintextAllowed() {
        return settings.plaintextOnLoopback() && loopback;
    }

    private boolean authAllowed() {
        return tls != null || transport.securedByCarrier() || !settings.starttlsRequired() || plaintextAllowed();
    }

    private List<String> mechanisms() {
        Optional<Authenticator> auth = services.authenticators().forHost(host);
        if (auth.isEmpty()) {
            log.log(System.Logger.Level.ERROR, "no authenticator serves {0}: nobody can log in there; start the storage or an auth module", host);
            return List.of();
        }
        List<String> names = new ArrayList<>();
        if (auth.get() instanceof ScramAuthenticator) {
            if (!channelBindings.isEmpty()) {
                names.add(ScramMechanism.SHA_256.saslName() + "-PLUS");
                names.add(ScramMechanism.SHA_1.saslName() + "-PLUS");
            }
            names.add(ScramMechanism.SHA_256.saslName());
            names.add(ScramMechanism.SHA_1.saslName());
        }
        names.add("PLAIN");
        return names;
    }

    // ---- negotiation

    private Outcome negotiate(Element e) throws IOException, StreamFailure {
        String ns = e.namespace();
        if (account == null) {
            if (ns.equals(TLS_NS) && e.name().equals("starttls")) return starttls();
            if (ns.equals(SASL_NS)) return sasl(e);
            if (e.name().equals("iq") && ns.isEmpty() && authAllowed() && e.firstElement().map(Element::namespace).orElse("").equals(REGISTER_NS))
                return register(e);
            throw new StreamFailure(Condition.NOT_AUTHORIZED, "authenticate first");
        }
        if (e.name().equals("iq") && ns.isEmpty()) return bindOrSession(e);
        if (ns.equals(StreamManagement.NS) && e.name().equals("resume")) return resume(e);
        if (ns.equals(StreamManagement.NS) && e.name().equals("enable")) {   // XEP-0198 section 3: after binding only
            write(new String(smFailed("unexpected-request"), StandardCharsets.UTF_8));
            return Outcome.CONTINUE;
        }
        throw new StreamFailure(Condition.NOT_AUTHORIZED, "bind a resource first");
    }

    /** The IQ of {@code e}; empty when it is no valid IQ, which has then been answered with the error. */
    private Optional<Iq> iqOrErrorReply(Element e) throws IOException {
        try {
            return Optional.of(Iq.of(e));
        } catch (StanzaException bad) {
            writeStreamElement(Stanzas.errorReply(e, bad.error()));
            return Optional.empty();
        }
    }

    /** XEP-0077 before login: the registration module answers, where it is open; else service-unavailable. */
    private Outcome register(Element e) throws IOException {
        Optional<Iq> parsed = iqOrErrorReply(e);
        if (parsed.isEmpty()) return Outcome.CONTINUE;
        Iq iq = parsed.get();
        Optional<InBandRegistration> registration = services.registrationOn(host);
        Element reply;
        if (registration.isEmpty() || !iq.type().isRequest()) {
            reply = iq.errorReply(StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE, "in-band registration is closed on " + host));
        } else {
            try {
                reply = registration.get().register(iq, host, transport.remote());
            } catch (Exception failure) {
                log.log(System.Logger.Level.ERROR, "in-band registration from " + peer + " to " + host + " failed; the client got internal-server-error", failure);
                reply = iq.errorReply(StanzaError.Condition.INTERNAL_SERVER_ERROR);
            }
        }
        writeStreamElement(reply);
        return Outcome.CONTINUE;
    }

    private Outcome starttls() throws IOException, StreamFailure {
        if (!startTlsOffered()) {
            write("<failure xmlns='" + TLS_NS + "'/></stream:stream>");
            throw new StreamFailure(Condition.POLICY_VIOLATION, transport.startTlsAvailable() ? "TLS is on already"
                    : "no STARTTLS over " + transport.kind() + ": connect with https:// or wss://");
        }
        write("<proceed xmlns='" + TLS_NS + "'/>");
        // Whatever the client sent after <starttls/> stays unread in the old parser: it must
        // not be taken for data sent under TLS (the STARTTLS command-injection attacks).
        startTls(host);
        openStreams();
        return Outcome.RESTART;
    }

    private Outcome sasl(Element e) throws IOException, StreamFailure {
        switch (e.name()) {
            case "auth" -> {
                Duration banned = admission.banRemaining();
                if (!banned.isZero())
                    throw new StreamFailure(Condition.POLICY_VIOLATION, "too many failed logins from your address; try again in "
                            + banned.toSeconds() + " s");
                if (!authAllowed()) return saslFailure("encryption-required", transport.startTlsAvailable() ? "use STARTTLS first"
                        : "connect with https:// or wss:// first");
                String mechanism = e.attr("mechanism");
                if (!offered.contains(mechanism)) return saslFailure("invalid-mechanism", mechanism + " is not offered");
                sasl = mechanism(mechanism);
                if (sasl == null) return saslFailure("invalid-mechanism", mechanism + " is no longer offered for " + host);
                attempt = mechanism;
                if (e.text().isEmpty()) {   // no initial response: ask for one
                    write("<challenge xmlns='" + SASL_NS + "'/>");
                    return Outcome.CONTINUE;
                }
                return step(e);
            }
            case "response" -> {
                if (sasl == null) return saslFailure("malformed-request", "no authentication is in progress");
                return step(e);
            }
            case "abort" -> {
                sasl = null;
                attempt = null;
                return saslFailure("aborted", "");
            }
            default -> {
                return saslFailure("malformed-request", "unknown element " + e.name());
            }
        }
    }

    /** Null when the host's authenticator changed since the offer and no longer has SCRAM credentials. */
    private Sasl mechanism(String name) {
        Authenticator auth = services.authenticators().forHost(host).orElseThrow();
        if (name.equals("PLAIN")) return new PlainSasl(host, auth);
        if (!(auth instanceof ScramAuthenticator scram)) return null;
        boolean plus = name.endsWith("-PLUS");
        String base = plus ? name.substring(0, name.length() - 5) : name;
        ScramMechanism m = base.equals(ScramMechanism.SHA_256.saslName()) ? ScramMechanism.SHA_256 : ScramMechanism.SHA_1;
        boolean downgradeCheck = offered.stream().anyMatch(o -> o.endsWith("-PLUS")) && !bindingTypeRefused;
        return new ScramSasl(m, plus, host, scram, channelBindings, downgradeCheck, services.random());
    }

    private Outcome step(Element e) throws IOException, StreamFailure {
        byte[] data;
        try {
            String text = e.text().strip();
            data = text.equals("=") ? new byte[0] : Base64.getDecoder().decode(text);   // RFC 6120 6.4.2: "=" is empty
        } catch (IllegalArgumentException bad) {
            sasl = null;
            return saslFailure("incorrect-encoding", "not base64");
        }
        switch (sasl.next(data)) {
            case Sasl.Challenge c -> {
                write("<challenge xmlns='" + SASL_NS + "'>" + Base64.getEncoder().encodeToString(c.data()) + "</challenge>");
                return Outcome.CONTINUE;
            }
            case Sasl.Success s -> {
                sasl = null;
                account = s.account();
                admission.loggedIn();
                services.probe().get().authenticated(attempt, true);
                attempt = null;
                write("<success xmlns='" + SASL_NS + "'>" + (s.data().length == 0 ? "" : Base64.getEncoder().encodeToString(s.data())) + "</success>");
                log.log(System.Logger.Level.INFO, "{0} authenticated from {1}", account, peer);
                return Outcome.RESTART;   // RFC 6120 6.4.6: the client opens a new stream on the same connection
            }
            case Sasl.Failure f -> {
                // A client that asked for a binding type we lack (slixmpp 1.8 asks for tls-unique, which TLS 1.3
                // has not) saw -PLUS offered, so its "y" next is no downgrade; and it guessed no password.
                boolean wrongBinding = sasl instanceof ScramSasl scram && scram.refusedBindingType();
                if (wrongBinding) bindingTypeRefused = true;
                sasl = null;
                return saslFailure(f.condition(), f.text(), !wrongBinding);
            }
        }
    }

    private Outcome saslFailure(String condition, String text) throws IOException, StreamFailure {
        return saslFailure(condition, text, !condition.equals("aborted") && !condition.equals("encryption-required"));
    }

    private Outcome saslFailure(String condition, String text, boolean counted) throws IOException, StreamFailure {
        if (counted && attempt != null) {   // told before the client learns it, so that metrics read after the failure count it
            services.probe().get().authenticated(attempt, false);
            attempt = null;
        }
        write("<failure xmlns='" + SASL_NS + "'><" + condition + "/>"
                + (text.isEmpty() ? "" : "<text xml:lang='en'>" + Xml.escape(text) + "</text>") + "</failure>");
        if (counted) {
            if (condition.equals("not-authorized")) admission.loginFailed();   // a guess; not a protocol slip, not our trouble
            authFailures++;
            log.log(System.Logger.Level.INFO, "authentication from {0} to {1} failed ({2}), {3} of {4}", peer, host, condition,
                    authFailures, settings.maxAuthFailures());
            if (authFailures >= settings.maxAuthFailures())
                throw new StreamFailure(Condition.POLICY_VIOLATION, "too many failed authentications");
        }
        return Outcome.CONTINUE;
    }

    private Outcome bindOrSession(Element e) throws IOException, StreamFailure {
        Optional<Iq> parsed = iqOrErrorReply(e);
        if (parsed.isEmpty()) return Outcome.CONTINUE;
        Iq iq = parsed.get();
        if (iq.namespace().equals(SESSION_NS)) {   // RFC 3921's session establishment: nothing left to do
            writeStreamElement(iq.resultReply());
            return Outcome.CONTINUE;
        }
        if (!iq.namespace().equals(BIND_NS)) throw new StreamFailure(Condition.NOT_AUTHORIZED, "bind a resource first");
        if (iq.type() != Iq.Type.SET) {
            writeStreamElement(iq.errorReply(StanzaError.Condition.BAD_REQUEST));
            return Outcome.CONTINUE;
        }
        String wanted = iq.payload().flatMap(p -> p.child("resource")).map(Element::text).orElse("").strip();
        Jid full;
        try {
            full = account.withResource(wanted.isEmpty() ? generatedResource() : wanted);
        } catch (JidFormatException bad) {
            writeStreamElement(iq.errorReply(StanzaError.of(StanzaError.Condition.BAD_REQUEST, "that resource is not allowed: " + bad.getMessage())));
            return Outcome.CONTINUE;
        }
        ClientSession bound = new ClientSession(full, this);
        outbound = new Outbound(out, settings.maxQueuedStanzas(), settings.maxQueuedBytes(), settings.keepalive(), full.toString(),
                this::disconnect);
        // The result goes first, so nothing routed to the new session can overtake it; and it is
        // written only once the session manager knows the session, so the client cannot act on
        // its new address before stanzas for that address can reach it.
        outbound.offer(Element.builder("iq").attr("type", "result").attr("id", iq.id())
                .child(Element.builder("bind").xmlns(BIND_NS).child(Element.builder("jid").text(full.toString()).build()).build()).build());
        session = bound;
        services.sessions().bind(bound);
        outbound.start();
        cancelLoginDeadline();
        log.log(System.Logger.Level.INFO, "{0} bound from {1} ({2})", full, peer,
                tls != null ? tls.getProtocol() : transport.securedByCarrier() ? "TLS of its " + transport.kind() + " carrier" : "plain text");
        return Outcome.BOUND;
    }

    private String generatedResource() {
        byte[] r = new byte[8];
        services.random().nextBytes(r);
        return "r" + HexFormat.of().formatHex(r);
    }

    // ---- a bound session's stanzas

    /** The stanzas until the stream ends (false), or until the client has been silent for a while and the thread leaves (true). */
    private boolean serve() throws IOException, XmlParseException, StreamFailure {
        int sinceYield = 0;
        while (true) {
            if (reader.betweenStanzas() && !transport.inputWithin(SILENCE_BEFORE_PARKING) && transport.parkUntilReadable(this::resumeReading))
                return true;
            Element e = reader.nextStanza();
            if (e == null) break;
            if (closedByServer) continue;   // its stream error is on its way, its session over: nothing more of it is routed
            if (e.namespace().equals(StreamManagement.NS)) {
                streamManagement(e);
                continue;
            }
            if (e.namespace().equals(ClientStateFilter.NS)) {
                clientState(e);
                continue;
            }
            if (!e.namespace().isEmpty()) throw new StreamFailure(Condition.INVALID_NAMESPACE, "<" + e.name() + "> in namespace " + e.namespace());
            switch (e.name()) {
                case "message", "presence", "iq" -> stanza(e);
                default -> throw new StreamFailure(Condition.UNSUPPORTED_STANZA_TYPE, "<" + e.name() + "/> is not a stanza");
            }
            StreamManagement sm = session.sm();
            if (sm != null) sm.received();
            // Virtual threads are not preempted: a client whose input never runs dry would keep
            // its carrier, and the writers its stanzas woke would wait behind it and every such
            // reader (at 60,000 messages/s offered on 2 cores, no writer ran and every queue
            // overflowed). A yield per stanza cost a quarter more CPU per message. Thread.yield()
            // itself does not reach those writers under a flood: see CarrierYield.
            if (++sinceYield == STANZAS_BETWEEN_YIELDS) {
                sinceYield = 0;
                CarrierYield.stepAside();
            }
        }
        closeStream();
        return false;
    }

    private void stanza(Element e) throws StreamFailure {
        ClientSession s = session;
        Jid full = s.jid();
        if (e.hasAttr("from")) {   // RFC 6120 section 8.1.2.1: the server stamps 'from'; a client may not claim another
            Optional<Jid> claimed = Jid.parse(e.attr("from"));
            if (claimed.isEmpty() || !(claimed.get().equals(full) || claimed.get().equals(full.bare())))
                throw new StreamFailure(Condition.INVALID_FROM, "you are " + full + ", not " + e.attr("from"));
        }
        Jid to = null;
        if (e.hasAttr("to")) {
            to = Jid.parse(e.attr("to")).orElse(null);
            if (to == null) {
                answerError(e, StanzaError.of(StanzaError.Condition.JID_MALFORMED, "'" + e.attr("to") + "' is not a JID"));
                return;
            }
        }
        if (e.name().equals("presence")) {
            presence(s, e, to);
            return;
        }
        if (e.name().equals("iq") && (to == null || to.equals(full.bare())) && isSessionRequest(e)) {
            s.deliver(Element.builder("iq").attr("type", "result").attr("id", e.attr("id")).build());
            return;
        }
        if (to == null) to = full.bare();   // RFC 6120 section 10.3: no 'to' means the user's own account
        services.sessions().send(s, to, e.withAttr("from", full.toString()).withAttr("to", to.toString()));
    }

    /** XEP-0352: the client says whether its user is looking. */
    private void clientState(Element e) throws StreamFailure {
        switch (e.name()) {
            case "inactive" -> session.inactive(settings.maxQueuedStanzas());
            case "active" -> session.active();
            default -> throw new StreamFailure(Condition.UNSUPPORTED_STANZA_TYPE, "<" + e.name() + "/> is no XEP-0352 element");
        }
    }

    /** XEP-0198 on a bound stream: enabling it, and the acknowledgements both ways. */
    private void streamManagement(Element e) throws StreamFailure {
        StreamManagement sm = session.sm();
        switch (e.name()) {
            case "enable" -> {
                if (sm == null) enable(e);
                else outbound.control(smFailed("unexpected-request"));
            }
            case "r" -> {
                if (sm == null) outbound.control(smFailed("unexpected-request"));
                else outbound.control(utf8("<a xmlns='" + StreamManagement.NS + "' h='" + Integer.toUnsignedString(sm.handled()) + "'/>"));
            }
            case "a" -> {
                if (sm == null) return;   // nobody asked for it
                int h = handledCount(e);
                if (!sm.acknowledge(h))
                    throw new StreamFailure(Condition.UNDEFINED_CONDITION, "handled-count-too-high: h " + Integer.toUnsignedString(h)
                            + " acknowledges more than was sent; " + sm.unackedCount() + " stanzas were unacknowledged");
            }
            case "resume" -> outbound.control(smFailed("unexpected-request"));
            default -> throw new StreamFailure(Condition.UNSUPPORTED_STANZA_TYPE, "<" + e.name() + "/> is no XEP-0198 element");
        }
    }

    private void enable(Element e) {
        boolean resume = e.attr("resume").equals("true") || e.attr("resume").equals("1");
        Duration resumeFor = settings.maxResume();
        long asked = unsigned(e.attr("max"));
        if (asked > 0 && asked < resumeFor.toSeconds()) resumeFor = Duration.ofSeconds(asked);   // the client may want less, not more
        resume = resume && !resumeFor.isZero();
        String id = resume ? newResumptionId() : null;
        StreamManagement sm = new StreamManagement(id, resumeFor, settings.maxQueuedStanzas(), settings.maxQueuedBytes());
        outbound.manage(sm, utf8("<enabled xmlns='" + StreamManagement.NS + "'"
                + (resume ? " id='" + id + "' resume='true' max='" + resumeFor.toSeconds() + "'" : "") + "/>"), List.of());
        session.manage(sm);
        if (resume) services.resumptions().add(id, session);
    }

    /** Unguessable, as the XEP asks: the id alone must not let another connection take a session (it must be the same account, too). */
    private String newResumptionId() {
        byte[] id = new byte[18];
        services.random().nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /** XEP-0198 section 5: after SASL, instead of binding, a new connection takes over a detached (or dying) session. */
    private Outcome resume(Element e) throws IOException, StreamFailure {
        String previd = e.attr("previd");
        Optional<ClientSession> found = services.resumptions().get(previd).filter(s -> s.jid().bare().equals(account));
        if (found.isEmpty()) {   // unknown, expired, another account's, or from before a restart
            log.log(System.Logger.Level.INFO, "{0} from {1} asked to resume a session that is not here (expired, ended, or from before "
                    + "a restart): item-not-found, the client binds anew", account, peer);
            write(new String(smFailed("item-not-found"), StandardCharsets.UTF_8));
            return Outcome.CONTINUE;
        }
        ClientSession resumed = found.get();
        StreamManagement sm = resumed.sm();
        int h = handledCount(e);
        if (!sm.acknowledge(h))
            throw new StreamFailure(Condition.UNDEFINED_CONDITION, "handled-count-too-high: h " + Integer.toUnsignedString(h)
                    + " acknowledges more than was sent");
        Outbound next = new Outbound(out, settings.maxQueuedStanzas(), settings.maxQueuedBytes(), settings.keepalive(),
                resumed.jid().toString(), this::disconnect);
        byte[] answer = utf8("<resumed xmlns='" + StreamManagement.NS + "' previd='" + Xml.escape(previd) + "' h='"
                + Integer.toUnsignedString(sm.handled()) + "'/>");
        int again = sm.unackedCount();
        Connection previous = resumed.resumeOn(this, () -> {
            outbound = next;
            session = resumed;
            next.manage(sm, answer, sm.unacked());
        });
        if (previous == null) {   // its time ran out a moment ago
            write(new String(smFailed("item-not-found"), StandardCharsets.UTF_8));
            return Outcome.CONTINUE;
        }
        previous.handOver();   // a connection still open is the client's old one: the new one wins
        next.start();
        cancelLoginDeadline();
        log.log(System.Logger.Level.INFO, "{0} resumed from {1} ({2} stanzas sent again)", resumed.jid(), peer, again);
        return Outcome.BOUND;
    }

    private static int handledCount(Element e) throws StreamFailure {
        long h = unsigned(e.attr("h"));
        if (h < 0) throw new StreamFailure(Condition.INVALID_XML, "h='" + e.attr("h") + "' is no count from 0 to 4294967295");
        return (int) h;
    }

    /** An xs:unsignedInt; -1 if it is none. */
    private static long unsigned(String value) {
        try {
            return Integer.toUnsignedLong(Integer.parseUnsignedInt(value));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] smFailed(String condition) {
        return utf8("<failed xmlns='" + StreamManagement.NS + "'><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
    }

    private static byte[] utf8(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isSessionRequest(Element iq) {
        return iq.firstElement().map(p -> p.name().equals("session") && p.namespace().equals(SESSION_NS)).orElse(false);
    }

    private void presence(ClientSession s, Element e, Jid to) {
        Jid full = s.jid();
        Presence p;
        try {
            p = Presence.of(e);   // an unknown type or a bad priority is the sender's error, never a contact's
        } catch (StanzaException bad) {
            answerError(e, bad.error());
            return;
        }
        if (to != null) {
            // RFC 6121 section 3: subscriptions come from the account, not from one of its resources.
            Jid from = p.type().isSubscription() ? full.bare() : full;
            services.sessions().send(s, to, e.withAttr("from", from.toString()).withAttr("to", to.toString()));
            return;
        }
        switch (p.type()) {
            case AVAILABLE, UNAVAILABLE -> { }
            case ERROR -> {
                return;
            }
            default -> {
                answerError(e, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "a " + p.type().attributeValue() + " presence needs a 'to'"));
                return;
            }
        }
        // Broadcast presence: the session manager takes it to the account's resources, the presence module to contacts.
        services.sessions().presence(s, e.withAttr("from", full.toString()));
    }

    private void answerError(Element request, StanzaError error) {
        if (Stanzas.isError(request)) return;
        session.deliver(Stanzas.errorReply(request, error).withoutAttr("from").withAttr("to", session.jid().toString()));
    }

    // ---- delivery to the client, and the end

    /** From the session, on the sender's thread, under the session's lock: into the queue if it takes it. */
    Outbound.Offer offer(Element stanza) {
        return outbound.offer(stanza);
    }

    /** From a detached session (or one whose connection is being lost), under its lock: kept for the resumption, bounded. */
    Outbound.Offer keep(Element stanza) {
        return session.sm().sent(new XmlOutput(256).element(stanza).toByteArray()) ? Outbound.Offer.QUEUED : Outbound.Offer.FULL;
    }

    /** From the session, outside its lock: what {@link #offer} or {@link #keep} refused. */
    void refused(Element stanza, Outbound.Offer why, boolean detached) {
        ClientSession s = session;
        if (why == Outbound.Offer.CLOSED) {
            endSession(s);   // first: the stanza routed again below must not come back here
            rerouteAll(s, List.of(), stanza);
            return;
        }
        // Too much waits for a client that reads too slowly, acknowledges too little, or has been gone too long.
        if (!s.end(this)) {
            reroute(stanza);   // another thread ended the session and routes what waited
            return;
        }
        endSession(s);
        StreamManagement sm = s.sm();
        int waiting = sm != null ? sm.unackedCount() : outbound.queued();
        if (detached) {
            log.log(System.Logger.Level.WARNING, "{0}, detached, had {1} stanzas waiting for its resumption; its session ends now "
                    + "and they are routed elsewhere", s.jid(), waiting);
            rerouteAll(s, sm.takeUnacked(), stanza);
            return;
        }
        closedByServer = true;
        Outbound o = outbound;
        // Whatever waits goes elsewhere, so the error is the next thing the writer sends, if the client reads at all.
        o.abort(errorBytes(StreamError.of(Condition.POLICY_VIOLATION, (sm != null ? "you read or acknowledge too slowly: " : "you read too slowly: ") + waiting
                + " stanzas were waiting for you"))).ifPresentOrElse(dropped -> {
            log.log(System.Logger.Level.WARNING, "{0} from {1} reads too slowly ({2} stanzas waiting); its session is closed "
                    + "with policy-violation and what waited is routed again", s.jid(), peer, waiting);
            disconnectAfter(o::awaitWritten);
            rerouteAll(s, sm != null ? sm.takeUnacked() : dropped, stanza);
        }, () -> reroute(stanza));
    }

    /** Unbinds the session, which says the user went away if it was available (RFC 6121 section 4.5.2), and forgets its resumption. */
    private void endSession(ClientSession s) {
        services.sessions().unbind(s);
        StreamManagement sm = s.sm();
        if (sm != null && sm.resumable()) services.resumptions().remove(sm.id(), s);
    }

    /** From another thread: a login that replaced this session, a listener that stops. */
    void closeWith(StreamError error) {
        closedByServer = true;
        ClientSession s = session;
        StreamManagement sm = s == null ? null : s.sm();
        // At once, not when the client has read why: a session replaced or kicked is no longer there to resume.
        if (sm != null && sm.resumable()) services.resumptions().remove(sm.id(), s);
        Outbound o = outbound;
        if (o == null) {
            // Not on the caller's thread (the deadline scheduler's, the listener's): a client that reads nothing would hold it.
            Thread telling = Thread.ofVirtual().start(() -> endBeforeBinding(error));
            disconnectAfter(telling::join);
            return;
        }
        o.finish(errorBytes(error));
        disconnectAfter(o::awaitWritten);
    }

    /** What tells the client why its stream ends; it may take {@link #LAST_WORDS} at most. */
    @FunctionalInterface
    private interface LastWords {
        boolean await(Duration timeout) throws InterruptedException;
    }

    /** Gives the client its last words, but not forever: the connection ends once they are written or the time is up. */
    private void disconnectAfter(LastWords lastWords) {
        Thread.ofVirtual().start(() -> {
            try {
                lastWords.await(LAST_WORDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            disconnect();
        });
    }

    /**
     * From the listener's periodic check: a keepalive when nothing went out for a while; and a
     * client that has taken nothing of a pending write for the write timeout loses its session.
     * Ending the connection fails the write, and the reading thread's cleanup routes what waited
     * elsewhere.
     */
    void checkWriter() {
        Outbound o = outbound;
        if (o == null) return;
        o.keepAliveIfIdle();
        Duration stalled = o.stalled();
        if (stalled.compareTo(settings.writeTimeout()) < 0) return;
        log.log(System.Logger.Level.WARNING, "{0} from {1} has taken nothing we wrote for {2} s; its session is closed and the {3} stanzas "
                + "waiting are routed again", session, peer, stalled.toSeconds(), o.queued());
        disconnect();
    }

    /** From the listener's periodic check: a stream that has waited since the last check lets its parser go. */
    void releaseIdleParser() {
        StreamReader r = reader;
        if (r != null) r.releaseIdleParser();
    }

    /** The auth deadline passed: close a connection that has not bound a resource yet. */
    private void authDeadline() {
        if (session != null) return;
        log.log(System.Logger.Level.INFO, "{0} did not log in within {1} s; closed", peer, settings.authTimeout().toSeconds());
        closeWith(StreamError.of(Condition.CONNECTION_TIMEOUT, "log in faster"));
    }

    private void fail(StreamError error) {
        closedByServer = true;
        log.log(System.Logger.Level.INFO, "stream from {0}{1} ends with {2}: {3}", peer, session == null ? "" : " (" + session.jid() + ")",
                error.condition().elementName(), error.text());
        Outbound o = outbound;
        if (o != null) o.finish(errorBytes(error));
        else endBeforeBinding(error);
    }

    /** Before binding only this connection writes, under its lock: a header if none went out yet, the error, the end. */
    private synchronized void endBeforeBinding(StreamError error) {
        try {
            if (out == null) return;   // not even a TLS handshake finished: nothing to say it with
            if (!headerSent) sendHeader();
            write(new String(errorBytes(error), StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "could not tell {0} why its stream ends: {1}", peer, e.getMessage());
        }
    }

    /** The client closed its stream: close ours (RFC 6120 section 4.4). */
    private void closeStream() throws IOException {
        Outbound o = outbound;
        if (o != null) o.finish("</stream:stream>".getBytes(StandardCharsets.UTF_8));
        else write("</stream:stream>");
    }

    private static byte[] errorBytes(StreamError error) {
        return (error.toXml() + "</stream:stream>").getBytes(StandardCharsets.UTF_8);
    }

    private void cleanup() {
        cancelLoginDeadline();
        if (reader != null) reader.close();   // the parser's buffers go now, not when the connection object does
        ClientSession s = session;
        // A session resumed on another connection is no longer this one's to end.
        if (s != null && s.heldBy(this)) {
            if (lost && !closedByServer && s.detach(this)) detach(s);
            else end(s);
        }
        if (lost) disconnect();
        else transport.closeAfterInput(LAST_WORDS);
        release.run();
    }

    /** XEP-0198: the client may resume; until then its session stays bound and keeps what it is sent. */
    private void detach(ClientSession s) {
        StreamManagement sm = s.sm();
        outbound.finish(new byte[0]);   // refuses offers from now on, so they are kept for the resumption
        disconnect();
        expiry = deadlines.schedule(this::expire, sm.resumeFor().toMillis(), TimeUnit.MILLISECONDS);
        log.log(System.Logger.Level.INFO, "{0} from {1} lost its connection; its session waits {2} s for a resumption, {3} stanzas unacknowledged",
                s.jid(), peer, sm.resumeFor().toSeconds(), sm.unackedCount());
    }

    private void end(ClientSession s) {
        if (s.end(this)) endSession(s);
        Outbound o = outbound;
        o.finish("</stream:stream>".getBytes(StandardCharsets.UTF_8));
        boolean written = false;
        try {
            written = o.awaitWritten(LAST_WORDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The end of our side right after the closing tag, as when the socket closed here: the
        // client need not wait for it while cleanup routes what was left.
        if (written) transport.endOutput();
        else disconnect();   // the write stuck on a client that reads nothing fails now
        if (!s.heldBy(this)) return;   // resumed meanwhile: what was unacknowledged is the new connection's now
        StreamManagement sm = s.sm();
        // With XEP-0198, what the client did not acknowledge may not have reached it: XEP-0198 section 7 sends it elsewhere.
        rerouteAll(s, sm != null ? sm.takeUnacked() : undeliveredThenUnwritten(o));
        log.log(System.Logger.Level.INFO, "{0} from {1} disconnected", s.jid(), peer);
    }

    /** In the order they were sent: what the carrier took first, then what never left the queue. */
    private List<byte[]> undeliveredThenUnwritten(Outbound o) {
        List<byte[]> all = new ArrayList<>(transport.undelivered());
        all.addAll(o.unwritten());
        return all;
    }

    /** The resumption time ran out: the detached session ends as any session does. */
    private void expire() {
        endDetached(s -> log.log(System.Logger.Level.INFO, "{0} was not resumed within {1} s; its session ended", s.jid(),
                s.sm().resumeFor().toSeconds()));
    }

    /** A detached session kicked, replaced by a login with its resource (here or on another node), or stopped: nobody to tell why but the log. */
    void closeDetached(StreamError why) {
        endDetached(s -> log.log(System.Logger.Level.INFO, "{0}, detached, ended before its resumption time ran out ({1}: {2})", s.jid(),
                why.condition().elementName(), why.text()));
    }

    private void endDetached(Consumer<ClientSession> logWhy) {
        ClientSession s = session;
        Future<?> timer = expiry;
        if (timer != null) timer.cancel(false);
        if (!s.endDetached(this)) return;
        endSession(s);
        logWhy.accept(s);
        rerouteAll(s, s.sm().takeUnacked());
    }

    /** A resumption on another connection took this connection's session: this connection ends, the session stays. */
    void handOver() {
        Future<?> timer = expiry;
        if (timer != null) timer.cancel(false);
        disconnect();
    }

    /**
     * What waited for a session that ended goes where the router sends stanzas for a resource
     * that is gone: messages to the account's other resources or offline storage, requests
     * back as errors, presence nowhere. First {@code left} (queued or unacknowledged), then
     * {@code refused} (what found the session gone), then what XEP-0352 held back, the newest:
     * a filter lets what it holds go before anything that comes after it. One line says how many of each.
     */
    private void rerouteAll(ClientSession s, List<byte[]> left, Element... refused) {
        List<Element> waited = new ArrayList<>();
        for (byte[] bytes : left) parsed(bytes).ifPresent(waited::add);
        List<Element> held = s.takeHeld();
        waited.forEach(this::reroute);
        for (Element e : refused) reroute(e);
        held.forEach(this::reroute);
        if (waited.isEmpty() && held.isEmpty()) return;
        int messages = 0, iqs = 0, presences = 0;
        for (List<Element> part : List.of(waited, held)) {
            for (Element e : part) {
                switch (e.name()) {
                    case "message" -> messages++;
                    case "iq" -> iqs++;
                    default -> presences++;
                }
            }
        }
        log.log(System.Logger.Level.INFO, "{0}: {1} undelivered stanzas routed again ({2} of them held back while the client was "
                + "inactive): {3} messages (to other resources or offline storage), {4} IQs (answered with an error if requests), "
                + "{5} presences (dropped)", s.jid(), waited.size() + held.size(), held.size(), messages, iqs, presences);
    }

    /** A queued stanza, parsed back from its bytes: what waits for a client is kept in that form only. */
    private Optional<Element> parsed(byte[] queued) {
        String xml = new String(queued, StandardCharsets.UTF_8);
        try {
            return Optional.of(services.parser().parseElement(xml));
        } catch (XmlParseException e) {
            log.log(System.Logger.Level.WARNING, "a stanza of {0} bytes that waited for {1} is lost, not routed again: it is beyond "
                    + "this listener''s parser limits ({2}); raise max.stanza.bytes", queued.length, peer, e.getMessage());
            return Optional.empty();
        }
    }

    /** Routes a stanza this session can no longer take again: to another resource, offline storage, or back as an error. */
    private void reroute(Element stanza) {
        Optional<Jid> from = Jid.parse(stanza.attr("from"));
        Optional<Jid> to = Jid.parse(stanza.attr("to"));
        if (from.isPresent() && to.isPresent()) services.router().route(from.get(), to.get(), stanza);
        else log.log(System.Logger.Level.DEBUG, "not routed again, no addresses: {0}", stanza.name());
    }

    /** Ends the connection at once: see {@link Transport#close()}. */
    private void disconnect() {
        transport.close();
    }

    // ---- writing during negotiation (this thread only, or the deadline under the lock)

    private synchronized void write(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Writes an element at stream level: {@code <stream:features>} with the header's prefix, stanzas as they are. */
    private synchronized void writeStreamElement(Element e) throws IOException {
        XmlOutput x = new XmlOutput();
        if (e.name().equals("features")) {
            x.raw("<stream:features>");
            for (Element child : e.elements()) x.element(child);
            x.raw("</stream:features>");
        } else {
            x.element(e);
        }
        x.writeTo(out);
        out.flush();
    }
}
