package xmpp.bench.peers;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import xmpp.core.spi.auth.Scram;
import xmpp.core.spi.auth.ScramMechanism;
import xmpp.core.spi.stream.StreamLimits;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.spi.stream.StreamReader;
import xmpp.core.xml.Element;

/**
 * A plain XMPP client for load against any server: STARTTLS or not, SASL PLAIN or
 * SCRAM-SHA-256, resource binding. It speaks only what every server under test speaks, so
 * that each is measured doing the same work. One thread reads a client at a time; sending is
 * synchronized, so a reader may answer while another thread sends.
 */
public final class Client implements AutoCloseable {

    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0' to='%s'>";
    private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    private static final StreamParser PARSER = new StreamParser(StreamLimits.DEFAULT);
    private static final SSLSocketFactory TLS = trustingEveryCertificate();
    /**
     * SaltedPassword by salt and iterations: the client's PBKDF2 is as costly as the server's,
     * and a load generator that paid it on every login would measure itself.
     */
    private static final Map<String, byte[]> SALTED = new ConcurrentHashMap<>();

    private final String domain;
    private Socket socket;
    private OutputStream out;
    private StreamReader reader;

    private Client(Socket socket, String domain) throws IOException {
        this.socket = socket;
        this.domain = domain;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        open();
    }

    /** How a session logs in: with or without TLS, which SASL mechanism. */
    public enum Login {
        PLAIN_TLS(true, "PLAIN"), SCRAM_TLS(true, "SCRAM-SHA-256"), PLAIN(false, "PLAIN"), SCRAM(false, "SCRAM-SHA-256");

        final boolean tls;
        final String mechanism;

        Login(boolean tls, String mechanism) {
            this.tls = tls;
            this.mechanism = mechanism;
        }

        /** As the results name it, e.g. {@code SCRAM-SHA-256+TLS}. */
        public String label() {
            return mechanism + (tls ? "+TLS" : "");
        }
    }

    /**
     * Connects from {@code source} (one of several loopback addresses, each with its own
     * ephemeral port range), logs in as {@code user} and binds {@code resource}.
     */
    public static Client loggedIn(Target target, InetAddress source, Login login, String user, String password, String resource)
            throws Exception {
        Socket socket = new Socket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress(target.host(), target.port()), 30_000);
        Client c = new Client(socket, target.domain());
        try {
            c.logIn(login, user, password, resource);
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private void logIn(Login login, String user, String password, String resource) throws Exception {
        Element features = openStream();
        if (login.tls) {
            if (features.child("starttls", "urn:ietf:params:xml:ns:xmpp-tls").isEmpty()) throw new IOException("no STARTTLS offered");
            send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            expect("proceed", next());
            SSLSocket tls = (SSLSocket) TLS.createSocket(socket, domain, socket.getPort(), true);
            tls.startHandshake();
            socket = tls;
            open();
            features = openStream();
        }
        String offered = features.toXml();
        if (!offered.contains(">" + login.mechanism + "<")) throw new IOException(login.mechanism + " not offered: " + offered);
        Element answer = login.mechanism.equals("PLAIN") ? plain(user, password) : scramSha256(user, password);
        expect("success", answer);
        openStream();
        send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource + "</resource></bind></iq>");
        Element bound = next();
        if (bound.child("bind").isEmpty()) throw new IOException("bind failed: " + bound.toXml());
    }

    private void open() throws IOException {
        out = socket.getOutputStream();
        reader = PARSER.open(socket.getInputStream());
    }

    private Element openStream() throws Exception {
        send(HEADER.formatted(domain));
        reader.readHeader();
        return next();
    }

    private Element plain(String user, String password) throws Exception {
        send("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + b64("\0" + user + "\0" + password) + "</auth>");
        return next();
    }

    /** RFC 5802 from the client's side, without channel binding; checks the server's signature. */
    private Element scramSha256(String user, String password) throws Exception {
        ScramMechanism m = ScramMechanism.SHA_256;
        String clientNonce = Long.toHexString(System.nanoTime()) + Long.toHexString(Thread.currentThread().threadId());
        String bare = "n=" + user + ",r=" + clientNonce;
        send("<auth xmlns='" + SASL + "' mechanism='SCRAM-SHA-256'>" + b64("n,," + bare) + "</auth>");
        Element challenge = next();
        if (!challenge.name().equals("challenge")) return challenge;
        String serverFirst = new String(Base64.getDecoder().decode(challenge.text().trim()), StandardCharsets.UTF_8);
        Map<String, String> a = attributes(serverFirst);
        if (!a.get("r").startsWith(clientNonce)) throw new IOException("the server nonce does not extend ours");
        int iterations = Integer.parseInt(a.get("i"));
        byte[] salted = SALTED.computeIfAbsent(a.get("s") + "/" + iterations + "/" + password,
                k -> Scram.hi(m, Scram.normalize(password), Base64.getDecoder().decode(a.get("s")), iterations));
        byte[] clientKey = Scram.hmac(m, salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        String withoutProof = "c=biws,r=" + a.get("r");
        String authMessage = bare + "," + serverFirst + "," + withoutProof;
        byte[] signature = Scram.hmac(m, Scram.hash(m, clientKey), authMessage.getBytes(StandardCharsets.UTF_8));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        send("<response xmlns='" + SASL + "'>" + b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)) + "</response>");
        Element result = next();
        if (result.name().equals("success")) {
            byte[] serverKey = Scram.hmac(m, salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            String expected = "v=" + Base64.getEncoder().encodeToString(Scram.hmac(m, serverKey, authMessage.getBytes(StandardCharsets.UTF_8)));
            String serverFinal = new String(Base64.getDecoder().decode(result.text().trim()), StandardCharsets.UTF_8);
            if (!serverFinal.equals(expected)) throw new IOException("the server's SCRAM signature is wrong");
        }
        return result;
    }

    public synchronized void send(String xml) throws IOException {
        out.write(xml.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next stanza; an {@link IOException} when the server closed the stream. */
    public Element next() throws Exception {
        Element e = reader.nextStanza();
        if (e == null) throw new IOException("the server closed the stream");
        return e;
    }

    /** Ends the stream as a client does, then the connection. */
    @Override
    public void close() {
        try {
            send("</stream:stream>");
        } catch (IOException alreadyGone) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // nothing left to release
        }
    }

    private static void expect(String name, Element e) throws IOException {
        if (!e.name().equals(name)) throw new IOException("expected <" + name + "/>, got " + e.toXml());
    }

    private static Map<String, String> attributes(String message) {
        Map<String, String> m = new HashMap<>();
        for (String part : message.split(",")) m.put(part.substring(0, 1), part.substring(2));
        return m;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Every server under test has a self-signed certificate on loopback; what is measured is TLS's cost, not trust. */
    private static SSLSocketFactory trustingEveryCertificate() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context.getSocketFactory();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }
}
