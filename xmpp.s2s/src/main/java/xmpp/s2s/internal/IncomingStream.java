package xmpp.s2s.internal;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import xmpp.core.jid.Jid;
import xmpp.core.spi.stream.StreamHeader;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.StreamError.Condition;
import xmpp.core.stream.Streams;
import xmpp.core.stream.XmlParseException;
import xmpp.core.xml.Element;

/**
 * A stream from another server, on its own virtual thread: STARTTLS, then SASL EXTERNAL for a
 * peer whose certificate proves its domain, or dialback (XEP-0220) for any domain it claims,
 * each checked with its authoritative server; then its stanzas, each from a domain authenticated
 * on this stream (else {@code invalid-from}) to a domain served here. It also answers the
 * {@code db:verify} questions of servers checking a key of ours.
 */
final class IncomingStream implements S2SStream, Runnable {

    private static final System.Logger log = System.getLogger(IncomingStream.class.getName());

    private enum Outcome { CONTINUE, RESTART }

    private final long id;
    private final Socket socket;
    private final Federation federation;
    private final DialbackVerifier verifier;
    private final Consumer<IncomingStream> ended;
    private final Instant since = Instant.now();
    private final Set<String> authenticated = ConcurrentHashMap.newKeySet();
    private volatile Wire wire;
    private volatile String local = "";
    private volatile String claimed = "";   // the header's 'from', which SASL EXTERNAL authenticates
    private String streamId = "";
    private volatile String auth = "none";
    private volatile String shown = "";   // the peer's domains, for the shell

    IncomingStream(long id, Socket socket, Federation federation, DialbackVerifier verifier, Consumer<IncomingStream> ended) {
        this.id = id;
        this.socket = socket;
        this.federation = federation;
        this.verifier = verifier;
        this.ended = ended;
    }

    @Override
    public void run() {
        String peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        try {
            socket.setSoTimeout((int) federation.settings().connectTimeout().toMillis());   // until authenticated
            wire = new Wire(socket, federation.parser());
            if (federation.settings().directTls()) wire.startTls(federation.tls().server(socket, defaultHost()));
            while (true) {
                openStream(wire.readHeader());
                Outcome outcome;
                do {
                    Element e = wire.next();
                    if (e == null) {
                        wire.end(null);
                        return;
                    }
                    outcome = handle(e);
                } while (outcome == Outcome.CONTINUE);
            }
        } catch (StreamFailure f) {
            log.log(System.Logger.Level.INFO, "stream {0} from {1} ({2}) ends with {3}", id, peer, shown.isEmpty() ? "not authenticated" : shown,
                    f.getMessage());
            wire.end(f.error());
        } catch (XmlParseException e) {
            log.log(System.Logger.Level.INFO, "stream {0} from {1} ends with {2}", id, peer, e.getMessage());
            wire.end(e.toStreamError());
        } catch (SocketTimeoutException e) {
            log.log(System.Logger.Level.INFO, "stream {0} from {1} ({2}) idle; closed", id, peer, shown.isEmpty() ? "not authenticated" : shown);
            wire.end(StreamError.of(Condition.CONNECTION_TIMEOUT, "idle"));
        } catch (SSLException e) {
            log.log(System.Logger.Level.INFO, "TLS with server {0} failed: {1}", peer, e.getMessage());
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "stream {0} from {1} lost: {2}", id, peer, e.getMessage());
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "bug serving server " + peer + "; its stream ends with internal-server-error", e);
            if (wire != null) wire.end(StreamError.of(Condition.INTERNAL_SERVER_ERROR));
        } finally {
            if (wire != null) wire.close();
            else closeSocket();
            ended.accept(this);
        }
    }

    private String defaultHost() {
        return federation.hosts().all().stream().findFirst().orElse("localhost");
    }

    /** RFC 6120 section 4.7 and 4.9.3; then our header and the features this stage offers. */
    private void openStream(StreamHeader header) throws IOException, StreamFailure {
        streamId = federation.newStreamId();
        Optional<String> to = Jid.parse(header.to()).filter(Jid::isDomain).map(Jid::domainpart);
        local = to.orElse(defaultHost());
        wire.writeHeader(local, header.from(), streamId);
        if (!Streams.SERVER_NS.equals(header.contentNamespace()))
            throw new StreamFailure(Condition.INVALID_NAMESPACE, "the content namespace of a server stream is " + Streams.SERVER_NS);
        if (to.isEmpty() || !federation.hosts().isServed(local)) throw new StreamFailure(Condition.HOST_UNKNOWN, "this server does not serve "
                + header.to());
        if (!header.version().startsWith("1.")) throw new StreamFailure(Condition.UNSUPPORTED_VERSION, "XMPP 1.0 streams only");
        claimed = Jid.parse(header.from()).filter(Jid::isDomain).map(Jid::domainpart).orElse("");
        wire.writeFeatures(features());
    }

    private List<Element> features() {
        List<Element> features = new ArrayList<>();
        if (!wire.isTls()) {
            Element.Builder starttls = Element.builder("starttls").xmlns(Namespaces.TLS);
            if (federation.settings().tlsRequired()) starttls.child(Element.of("required"));
            features.add(starttls.build());
        }
        if (!authAllowed()) return features;
        if (authenticated.isEmpty() && externalProves(claimed))
            features.add(Element.builder("mechanisms").xmlns(Namespaces.SASL).child(Element.builder("mechanism").text("EXTERNAL").build()).build());
        features.add(Element.builder("dialback").xmlns(Namespaces.DIALBACK_FEATURE).child(Element.of("errors")).build());
        return features;
    }

    private boolean authAllowed() {
        return wire.isTls() || !federation.settings().tlsRequired();
    }

    private boolean externalProves(String domain) {
        return !domain.isEmpty() && wire.isTls() && federation.verifier().verify(wire.peerChain(), domain).verified();
    }

    private Outcome handle(Element e) throws IOException, StreamFailure {
        String ns = e.namespace();
        if (ns.equals(Namespaces.TLS) && e.name().equals("starttls")) return starttls();
        if (ns.equals(Namespaces.SASL)) return sasl(e);
        if (ns.equals(Namespaces.DIALBACK) && e.name().equals("result")) return dialbackResult(e);
        if (ns.equals(Namespaces.DIALBACK) && e.name().equals("verify")) return dialbackVerify(e);
        if (!ns.isEmpty()) throw new StreamFailure(Condition.UNSUPPORTED_STANZA_TYPE, "<" + e.name() + "/> in " + ns);
        switch (e.name()) {
            case "message", "presence", "iq" -> stanza(e);
            default -> throw new StreamFailure(Condition.UNSUPPORTED_STANZA_TYPE, "<" + e.name() + "/> is not a stanza");
        }
        return Outcome.CONTINUE;
    }

    private Outcome starttls() throws IOException, StreamFailure {
        if (wire.isTls()) throw new StreamFailure(Condition.POLICY_VIOLATION, "TLS is on already");
        wire.write(Element.of("proceed", Namespaces.TLS));
        wire.startTls(federation.tls().server(wire.socket(), local));
        return Outcome.RESTART;
    }

    /** RFC 6120 section 6.4 and RFC 4422 appendix A: EXTERNAL with the certificate shown in the TLS handshake. */
    private Outcome sasl(Element e) throws IOException, StreamFailure {
        if (!e.name().equals("auth")) return saslFailure("malformed-request", "only EXTERNAL is offered, in one step");
        if (!authenticated.isEmpty() || !authAllowed()) return saslFailure("not-authorized", "not now");
        if (!e.attr("mechanism").equals("EXTERNAL")) return saslFailure("invalid-mechanism", "only EXTERNAL is offered");
        String text = e.text().strip();
        String authzid;
        try {
            authzid = text.isEmpty() || text.equals("=") ? claimed : new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException bad) {
            return saslFailure("incorrect-encoding", "not base64");
        }
        PeerVerifier.Verdict verdict = authzid.isEmpty() ? PeerVerifier.Verdict.failed("no domain named")
                : federation.verifier().verify(wire.peerChain(), authzid);
        if (!verdict.verified()) return saslFailure("not-authorized", "your certificate does not prove " + authzid + ": " + verdict.reason());
        wire.write(Element.of("success", Namespaces.SASL));
        authenticatedAs(authzid, "SASL EXTERNAL");
        return Outcome.RESTART;
    }

    private Outcome saslFailure(String condition, String text) throws IOException {
        wire.write(Element.builder("failure").xmlns(Namespaces.SASL).child(Element.of(condition))
                .child(Element.builder("text").attr("xml:lang", "en").text(text).build()).build());
        return Outcome.CONTINUE;
    }

    /** XEP-0220 section 2.1.2: the originating server claims a domain with a key, which its authoritative server must confirm. */
    private Outcome dialbackResult(Element e) throws IOException, StreamFailure {
        if (!authAllowed()) throw new StreamFailure(Condition.POLICY_VIOLATION, "STARTTLS first: this server federates over TLS only");
        Optional<String> originating = Jid.parse(e.attr("from")).filter(Jid::isDomain).map(Jid::domainpart);
        Optional<String> receiving = Jid.parse(e.attr("to")).filter(Jid::isDomain).map(Jid::domainpart);
        if (originating.isEmpty() || receiving.isEmpty()) throw new StreamFailure(Condition.IMPROPER_ADDRESSING, "db:result needs 'from' and 'to' domains");
        if (!federation.hosts().isServed(receiving.get())) {
            dialbackError(e, "item-not-found", "cancel");
            return Outcome.CONTINUE;
        }
        boolean valid;
        if (wire.isTls() && federation.verifier().verify(wire.peerChain(), originating.get()).verified()) {
            valid = true;   // its certificate proves it already (XEP-0344): no need to ask its server
        } else if (wire.isTls() && !federation.settings().dialbackUntrusted()) {
            throw new StreamFailure(Condition.NOT_AUTHORIZED, "your certificate does not prove " + originating.get()
                    + ", and this server takes dialback only from servers whose certificate does");
        } else {
            valid = verifier.verify(receiving.get(), originating.get(), streamId, e.text().strip());
        }
        wire.write(Namespaces.dialback("result").attr("from", receiving.get()).attr("to", originating.get())
                .attr("type", valid ? "valid" : "invalid").build());
        if (valid) authenticatedAs(originating.get(), "dialback");
        else log.log(System.Logger.Level.WARNING, "stream {0}: the dialback key of {1} is invalid (its server says so, or cannot be asked); "
                + "its stanzas are refused", id, originating.get());
        return Outcome.CONTINUE;
    }

    private void dialbackError(Element request, String condition, String type) throws IOException {
        wire.write(Namespaces.dialback("result").attr("from", request.attr("to")).attr("to", request.attr("from"))
                .attr("type", "error").child(Element.builder("error").attr("type", type)
                        .child(Element.of(condition, xmpp.core.stanza.StanzaError.NAMESPACE)).build()).build());
    }

    /** XEP-0220 section 2.3.2: a receiving server asks whether a key given to it is ours. */
    private Outcome dialbackVerify(Element e) throws IOException {
        String receiving = e.attr("from");
        String originating = e.attr("to");
        boolean valid = federation.hosts().isServed(originating)
                && federation.keys().isValid(e.text().strip(), receiving, originating, e.attr("id"));
        wire.write(Namespaces.dialback("verify").attr("from", originating).attr("to", receiving)
                .attr("id", e.attr("id")).attr("type", valid ? "valid" : "invalid").build());
        return Outcome.CONTINUE;
    }

    private void authenticatedAs(String domain, String method) throws IOException {
        authenticated.add(domain);
        auth = method;
        shown = String.join(",", authenticated);
        socket.setSoTimeout((int) federation.settings().idleTimeout().toMillis());
        log.log(System.Logger.Level.INFO, "stream {0} from {1} authenticated {2} by {3} ({4})", id, wire.peer(), domain, method,
                wire.isTls() ? wire.tlsProtocol() : "plain TCP");
    }

    /** RFC 6120 section 8.1.1.2 and 8.1.2.2: a stanza from an authenticated domain to a served one, or the stream ends. */
    private void stanza(Element e) throws StreamFailure {
        if (authenticated.isEmpty()) throw new StreamFailure(Condition.NOT_AUTHORIZED, "authenticate first");
        Optional<Jid> from = Jid.parse(e.attr("from"));
        Optional<Jid> to = Jid.parse(e.attr("to"));
        if (from.isEmpty() || !authenticated.contains(from.get().domainpart()))
            throw new StreamFailure(Condition.INVALID_FROM, "this stream is authenticated for " + shown + ", not for '" + e.attr("from") + "'");
        if (to.isEmpty() || !federation.hosts().isServed(to.get().domainpart()) && !isServiceOfServedDomain(to.get().domainpart()))
            throw new StreamFailure(Condition.HOST_UNKNOWN, "this server does not serve '" + e.attr("to") + "'");
        federation.router().route(from.get(), to.get(), e);
    }

    private boolean isServiceOfServedDomain(String domain) {
        for (String host : federation.hosts().all()) if (domain.endsWith("." + host)) return true;
        return false;
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "closing a server connection: {0}", e.getMessage());
        }
    }

    @Override
    public void close(String why) {
        log.log(System.Logger.Level.INFO, "stream {0} from {1}: {2}", id, shown.isEmpty() ? "a server not yet authenticated" : shown, why);
        closeSocket();   // its thread ends the stream
    }

    @Override
    public Wire wire() {
        return wire;
    }

    @Override
    public Info info() {
        Wire w = wire;
        return new Info(id, "in", local, shown.isEmpty() ? claimed : shown, auth, w == null || !w.isTls() ? "no" : w.tlsProtocol(), since,
                w == null ? "" : w.peer(), 0);
    }
}
