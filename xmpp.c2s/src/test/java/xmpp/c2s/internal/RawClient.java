package xmpp.c2s.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import xmpp.core.spi.auth.Scram;
import xmpp.core.spi.auth.ScramMechanism;
import xmpp.core.spi.stream.StreamHeader;
import xmpp.core.spi.stream.StreamLimits;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.spi.stream.StreamReader;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.Streams;
import xmpp.core.xml.Element;

/**
 * A client over a raw socket that writes exactly the bytes a test gives it, for hostile input
 * and for what Smack does not do (direct TLS, SCRAM-SHA-256, tls-exporter). Its SASL follows
 * RFC 5802 from the client's side.
 */
public final class RawClient implements AutoCloseable {

    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0' to='%s'>";
    private static final StreamParser PARSER = new StreamParser(StreamLimits.DEFAULT);

    private Socket socket;
    private OutputStream out;
    private StreamReader reader;
    private String boundJid;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);   // as the server: Nagle would hold a small write for the peer's delayed ACK
        open();
    }

    public static RawClient connect(int port) throws IOException {
        return new RawClient(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    static RawClient connectTls(int port, SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        SSLParameters p = tls.getSSLParameters();
        p.setServerNames(java.util.List.of(new SNIHostName("localhost")));
        p.setApplicationProtocols(new String[] {"xmpp-client"});
        tls.setSSLParameters(p);
        tls.startHandshake();
        return new RawClient(tls);
    }

    /** How long a read may wait for the server (10 s unless set): longer for a test that makes it serve a crowd. */
    void readTimeout(java.time.Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());   // before STARTTLS: the TLS socket reads through this one
    }

    private void open() throws IOException {
        out = socket.getOutputStream();
        reader = PARSER.open(socket.getInputStream());
    }

    /** How the server names this client in its log: address and port. */
    String peerName() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    public void send(String xml) throws IOException {
        send(xml.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Opens a stream to {@code domain}; returns the server's features. */
    public Element openStream(String domain) throws Exception {
        send(HEADER.formatted(domain));
        StreamHeader header = reader.readHeader();
        if (!header.contentNamespace().equals(Streams.CLIENT_NS)) throw new AssertionError("server header: " + header);
        return next();
    }

    public Element next() throws Exception {
        Element e = reader.nextStanza();
        if (e == null) throw new AssertionError("the server closed the stream");
        return e;
    }

    /** Reads on to the server's stream error and returns it; the server must then close the stream. */
    StreamError streamError() throws Exception {
        while (true) {
            Element e = reader.nextStanza();
            if (e == null) throw new AssertionError("the stream ended without a stream error");
            if (e.name().equals("error") && e.namespace().equals(Streams.STREAMS_NS)) {
                StreamError error = StreamError.from(e);
                if (reader.nextStanza() != null) throw new AssertionError("more after the stream error");
                return error;
            }
        }
    }

    /** For a server that ends the stream before its header arrives: the header, then the error. */
    StreamError streamErrorAfterHeader() throws Exception {
        reader.readHeader();
        return streamError();
    }

    void starttls(SSLContext context) throws Exception {
        send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        Element proceed = next();
        if (!proceed.name().equals("proceed")) throw new AssertionError("no proceed: " + proceed);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        tls.startHandshake();
        socket = tls;
        open();
    }

    SSLSocket tlsSocket() {
        return (SSLSocket) socket;
    }

    /** PLAIN; returns the server's answer ({@code success} or {@code failure}). */
    public Element plain(String user, String password) throws Exception {
        String message = "\0" + user + "\0" + password;
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8)) + "</auth>");
        return next();
    }

    /**
     * SCRAM as RFC 5802 has the client do it; {@code binding} is a channel binding type for
     * -PLUS, null for none ("n"), or "y" for "I could bind, but think you cannot".
     * Returns the server's last answer, after checking its signature on success.
     */
    Element scram(ScramMechanism m, String binding, String user, String password) throws Exception {
        boolean plus = binding != null && !binding.equals("y");
        String gs2 = binding == null ? "n,," : plus ? "p=" + binding + ",," : "y,,";
        String clientNonce = "fyko" + System.nanoTime();
        String bare = "n=" + user + ",r=" + clientNonce;
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='" + m.saslName() + (plus ? "-PLUS" : "") + "'>"
                + b64(gs2 + bare) + "</auth>");
        Element challenge = next();
        if (!challenge.name().equals("challenge")) return challenge;
        String serverFirst = new String(Base64.getDecoder().decode(challenge.text()), StandardCharsets.UTF_8);
        Map<String, String> a = attrs(serverFirst);
        if (!a.get("r").startsWith(clientNonce)) throw new AssertionError("server nonce does not extend ours");
        byte[] salted = Scram.hi(m, Scram.normalize(password), Base64.getDecoder().decode(a.get("s")), Integer.parseInt(a.get("i")));
        byte[] clientKey = Scram.hmac(m, salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] cbInput = concat(gs2.getBytes(StandardCharsets.UTF_8), plus ? bindingData(binding) : new byte[0]);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbInput) + ",r=" + a.get("r");
        String authMessage = bare + "," + serverFirst + "," + withoutProof;
        byte[] signature = Scram.hmac(m, Scram.hash(m, clientKey), authMessage.getBytes(StandardCharsets.UTF_8));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)) + "</response>");
        Element result = next();
        if (result.name().equals("success")) {
            String serverFinal = new String(Base64.getDecoder().decode(result.text()), StandardCharsets.UTF_8);
            byte[] serverKey = Scram.hmac(m, salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            byte[] expected = Scram.hmac(m, serverKey, authMessage.getBytes(StandardCharsets.UTF_8));
            if (!serverFinal.equals("v=" + Base64.getEncoder().encodeToString(expected))) throw new AssertionError("the server's signature is wrong");
        }
        return result;
    }

    private byte[] bindingData(String type) throws Exception {
        SSLSocket tls = tlsSocket();
        if (type.equals("tls-exporter"))
            return ((ExtendedSSLSession) tls.getSession()).exportKeyingMaterialData("EXPORTER-Channel-Binding", new byte[0], 32);
        X509Certificate server = (X509Certificate) tls.getSession().getPeerCertificates()[0];
        return MessageDigest.getInstance("SHA-256").digest(server.getEncoded());
    }

    /** After authentication: restart the stream and bind {@code resource}; returns the bound full JID. */
    String bind(String resource) throws Exception {
        Element features = openStream("localhost");
        if (features.child("bind", "urn:ietf:params:xml:ns:xmpp-bind").isEmpty()) throw new AssertionError("no bind feature: " + features);
        send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource + "</resource></bind></iq>");
        Element result = next();
        boundJid = result.child("bind").flatMap(b -> b.child("jid")).map(Element::text)
                .orElseThrow(() -> new AssertionError("bind failed: " + result));
        return boundJid;
    }

    /**
     * Sends initial presence and reads past everything up to its copy coming back to this session
     * (RFC 6121 4.2.2), which the server routes once it counts the session available: from then on
     * a message that another connection sends to the account reaches this one, not offline storage.
     */
    public void available() throws Exception {
        if (boundJid == null) throw new AssertionError("available before binding a resource");
        send("<presence/>");
        Element e;
        do e = next();
        while (!(e.name().equals("presence") && boundJid.equals(e.attr("from"))));
    }

    /** STARTTLS, PLAIN and bind: a logged-in client. */
    public static RawClient loggedIn(int port, TestServer server, String user, String password, String resource) throws Exception {
        RawClient c = connect(port);
        c.logIn(server, user, password, resource);
        return c;
    }

    /** On a connection that has not opened a stream yet: STARTTLS, PLAIN and bind. */
    void logIn(TestServer server, String user, String password, String resource) throws Exception {
        openStream("localhost");
        starttls(server.tlsClient());
        openStream("localhost");
        Element success = plain(user, password);
        if (!success.name().equals("success")) throw new AssertionError("login failed: " + success);
        bind(resource);
    }

    /** Reads on to the server's {@code </stream:stream>}; true if the connection then ends too. */
    boolean streamEndsCleanly() throws Exception {
        readToStreamEnd();
        return isClosedByServer();
    }

    /** Reads on to the server's {@code </stream:stream>}, taking the stanzas still on their way. */
    void readToStreamEnd() throws Exception {
        while (reader.nextStanza() != null) {
            // stanzas still on their way, e.g. a presence echo
        }
    }

    /** The next byte the socket brings, -1 at its end; a reset throws. */
    int nextByte() throws IOException {
        return socket.getInputStream().read();
    }

    boolean isClosedByServer() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;   // still open, only silent
        } catch (IOException e) {
            return true;
        }
    }

    private static Map<String, String> attrs(String message) {
        Map<String, String> m = new HashMap<>();
        for (String part : message.split(",")) m.put(part.substring(0, 1), part.substring(2));
        return m;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
