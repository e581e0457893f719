package xmpp.s2s.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import xmpp.core.spi.stream.StreamHeader;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.Streams;
import xmpp.core.stream.XmlParseException;
import xmpp.core.xml.Element;

/**
 * Opens a stream to a remote domain's server as far as authentication: finds it, connects,
 * and negotiates TLS (direct, or STARTTLS where offered; required unless configured otherwise).
 */
final class Dialer {

    /** Why a remote domain cannot be reached, and the error its stanzas get. */
    static final class Unreachable extends Exception {
        private final transient Condition condition;

        Unreachable(Condition condition, String message) {
            super(message);
            this.condition = condition;
        }

        Condition condition() {
            return condition;
        }
    }

    /** An open stream whose features have been read, TLS done where there is any. */
    record Dialed(Wire wire, PeerAddress address, String streamId, Element features) {
    }

    private final PeerResolver resolver;
    private final Tls tls;
    private final StreamParser parser;
    private final boolean tlsRequired;
    private final Duration timeout;

    Dialer(PeerResolver resolver, Tls tls, StreamParser parser, boolean tlsRequired, Duration timeout) {
        this.resolver = resolver;
        this.tls = tls;
        this.parser = parser;
        this.tlsRequired = tlsRequired;
        this.timeout = timeout;
    }

    Dialed dial(String local, String remote) throws Unreachable {
        List<PeerAddress> addresses;
        try {
            addresses = resolver.resolve(remote);
        } catch (PeerResolver.NotFound e) {
            throw new Unreachable(Condition.REMOTE_SERVER_NOT_FOUND, e.getMessage());
        }
        List<String> failures = new ArrayList<>();
        boolean timedOut = false;
        for (PeerAddress address : addresses) {
            Socket socket = new Socket();
            try {
                return connect(socket, address, local, remote);
            } catch (ConnectException | java.net.UnknownHostException e) {
                failures.add(address + ": " + e.getMessage());
            } catch (SocketTimeoutException e) {
                timedOut = true;
                failures.add(address + ": no answer within " + timeout.toSeconds() + " s");
            } catch (IOException | XmlParseException | StreamFailure e) {
                timedOut = true;   // it answered, then failed: a server that is there but not working
                failures.add(address + ": " + e.getMessage());
            }
            closeQuietly(socket);
        }
        throw new Unreachable(timedOut ? Condition.REMOTE_SERVER_TIMEOUT : Condition.REMOTE_SERVER_NOT_FOUND, String.join("; ", failures));
    }

    private Dialed connect(Socket socket, PeerAddress address, String local, String remote)
            throws IOException, XmlParseException, StreamFailure {
        socket.connect(new InetSocketAddress(address.host(), address.port()), (int) timeout.toMillis());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) timeout.toMillis());   // the service's deadline ends the whole negotiation sooner
        Wire wire = new Wire(socket, parser);
        if (address.directTls()) wire.startTls(tls.client(socket, local, remote, true));
        return negotiateTls(wire, address, local, remote);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // failed already; the failure is what gets reported
        }
    }

    private Dialed negotiateTls(Wire wire, PeerAddress address, String local, String remote)
            throws IOException, XmlParseException, StreamFailure {
        Opened opened = open(wire, local, remote);
        if (!wire.isTls()) {
            if (opened.features().child("starttls", Namespaces.TLS).isPresent()) {
                wire.write(Element.of("starttls", Namespaces.TLS));
                Element answer = wire.next();
                if (answer == null || !answer.name().equals("proceed"))
                    throw new StreamFailure(StreamError.Condition.UNDEFINED_CONDITION, "it refused STARTTLS");
                wire.startTls(tls.client(wire.socket(), local, remote, false));
                opened = open(wire, local, remote);
            } else if (tlsRequired) {
                wire.end(StreamError.of(StreamError.Condition.POLICY_VIOLATION, "this server federates over TLS only"));
                throw new StreamFailure(StreamError.Condition.POLICY_VIOLATION, "it offers no STARTTLS, and starttls.required is on");
            }
        }
        return new Dialed(wire, address, opened.id(), opened.features());
    }

    record Opened(String id, Element features) {
    }

    /** Sends our header, reads the peer's and its features (RFC 6120 section 4.3). */
    static Opened open(Wire wire, String local, String remote) throws IOException, XmlParseException, StreamFailure {
        wire.writeHeader(local, remote, "");
        StreamHeader header = wire.readHeader();
        if (!Streams.SERVER_NS.equals(header.contentNamespace()))
            throw new StreamFailure(StreamError.Condition.INVALID_NAMESPACE, "its stream is in '" + header.contentNamespace() + "', not jabber:server");
        Element features = wire.next();
        if (features == null || !features.name().equals("features")) {
            if (features != null && features.name().equals("error")) throw new StreamFailure(StreamError.from(features).condition(), "it answered with "
                    + StreamError.from(features).condition().elementName() + " " + StreamError.from(features).text());
            throw new StreamFailure(StreamError.Condition.UNSUPPORTED_VERSION, "it sent no stream features");
        }
        return new Opened(header.id(), features);
    }
}
