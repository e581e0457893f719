package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xmpp.core.route.Hosts;

/** Certificates replaced on disk, as a Let's Encrypt renewal does, and certificates about to expire. */
class CertificatesTest {

    @TempDir Path dir;
    @TempDir Path elsewhere;
    final Hosts hosts = new Hosts() {
        @Override public Set<String> all() { return Set.of("localhost"); }
        @Override public boolean isServed(String domain) { return domain.equals("localhost"); }
    };
    final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { logged.add(r); }
        @Override public void flush() { }
        @Override public void close() { }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("").removeHandler(capture);
    }

    List<String> lines(Level level) {
        SimpleFormatter format = new SimpleFormatter();
        return logged.stream().filter(r -> r.getLevel().equals(level)).map(format::formatMessage).toList();
    }

    /** The fingerprint of the certificate a client gets on a new connection (no SNI: the stream's domain picks it). */
    static String presented(Certificates certificates) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (Socket plain = listener.accept()) {
                    certificates.upgrade(plain.getInputStream(), plain.getOutputStream(), "localhost");
                } catch (IOException e) {
                    // the client's side of the test reports what went wrong
                }
            });
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
                @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            try (SSLSocket client = (SSLSocket) trustAll.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.startHandshake();
                return PemCertificates.fingerprint((X509Certificate) client.getSession().getPeerCertificates()[0]);
            } finally {
                server.join();
            }
        }
    }

    /**
     * The fingerprint an {@link javax.net.ssl.SSLEngine} with the {@link Certificates#keyManager} of
     * localhost presents, as HTTPS uses it: a handshake in memory, without SNI.
     */
    static String presentedByEngine(Certificates certificates) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new javax.net.ssl.KeyManager[] {certificates.keyManager("localhost")}, null, null);
        javax.net.ssl.SSLEngine server = context.createSSLEngine();
        server.setUseClientMode(false);
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        javax.net.ssl.SSLEngine client = trustAll.createSSLEngine();
        client.setUseClientMode(true);
        java.nio.ByteBuffer toServer = java.nio.ByteBuffer.allocate(65536), toClient = java.nio.ByteBuffer.allocate(65536);
        java.nio.ByteBuffer app = java.nio.ByteBuffer.allocate(65536), empty = java.nio.ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100 && !(finished(client) && finished(server)); round++) {
            client.wrap(empty, toServer);
            toServer.flip(); server.unwrap(toServer, app); toServer.compact(); app.clear();
            runTasks(server);
            server.wrap(empty, toClient);
            toClient.flip(); client.unwrap(toClient, app); toClient.compact(); app.clear();
            runTasks(client);
        }
        return PemCertificates.fingerprint((X509Certificate) client.getSession().getPeerCertificates()[0]);
    }

    private static boolean finished(javax.net.ssl.SSLEngine engine) {
        javax.net.ssl.SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        return status == javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || status == javax.net.ssl.SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private static void runTasks(javax.net.ssl.SSLEngine engine) {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) task.run();
    }

    @Test
    void anEngineWithoutSniGetsTheGivenDomainsCertificateAndItsRenewal() throws Exception {
        Certificates certificates = new Certificates(dir, hosts);
        String first = presentedByEngine(certificates);
        assertEquals(first, presented(certificates), "the same certificate as the client listener's");
        PemCertificates renewed = renew(Duration.ofDays(90));
        assertEquals(PemCertificates.fingerprint(renewed.chain()[0]), presentedByEngine(certificates), "a renewal reaches the next handshake");
    }

    /** A new pair for localhost, made apart and moved into the folder, as certbot's deploy hooks do. */
    PemCertificates renew(Duration validity) throws Exception {
        Path crt = elsewhere.resolve("localhost.crt");
        Path key = elsewhere.resolve("localhost.key");
        Files.deleteIfExists(crt);
        Files.deleteIfExists(key);
        BouncyCastlePem.generate("localhost", crt, key, validity);
        Files.move(key, dir.resolve("localhost.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(crt, dir.resolve("localhost.crt"), StandardCopyOption.REPLACE_EXISTING);
        return PemCertificates.read("localhost", dir.resolve("localhost.crt"), dir.resolve("localhost.key"));
    }

    @Test
    void aCertificateReplacedOnDiskIsWhatNewConnectionsGetAndItsFingerprintAndExpiryAreLogged() throws Exception {
        Certificates certificates = new Certificates(dir, hosts);
        String first = presented(certificates);
        PemCertificates renewed = renew(Duration.ofDays(90));
        String fingerprint = PemCertificates.fingerprint(renewed.chain()[0]);
        assertNotEquals(first, fingerprint);
        assertEquals(fingerprint, presented(certificates), "a new connection gets the renewed certificate, without a restart");
        assertEquals(fingerprint, presented(certificates));
        String expiry = renewed.chain()[0].getNotAfter().toInstant().toString().substring(0, 10);
        assertTrue(lines(Level.INFO).stream().anyMatch(l -> l.contains(fingerprint) && l.contains(expiry)), lines(Level.INFO).toString());
    }

    @Test
    void aCertificateWhoseKeyIsNotYetReplacedKeepsThePreviousPairInUse() throws Exception {
        Certificates certificates = new Certificates(dir, hosts);
        String first = presented(certificates);
        BouncyCastlePem.generate("localhost", elsewhere.resolve("half.crt"), elsewhere.resolve("half.key"), Duration.ofDays(90));
        Files.move(elsewhere.resolve("half.crt"), dir.resolve("localhost.crt"), StandardCopyOption.REPLACE_EXISTING);   // the key comes later
        assertEquals(first, presented(certificates), "the pair in use is kept while the new one does not match");
        assertTrue(lines(Level.WARNING).stream().anyMatch(l -> l.contains("localhost.key") && l.contains("previous")), lines(Level.WARNING).toString());
        Files.move(elsewhere.resolve("half.key"), dir.resolve("localhost.key"), StandardCopyOption.REPLACE_EXISTING);
        assertNotEquals(first, presented(certificates), "the whole new pair is taken once the key has come");
    }

    @Test
    void aCertificateThatExpiresWithinFourteenDaysIsWarnedOfWhenLoaded() throws Exception {
        Path crt = dir.resolve("localhost.crt");
        BouncyCastlePem.generate("localhost", crt, dir.resolve("localhost.key"), Duration.ofDays(10));
        new Certificates(dir, hosts).prepare("localhost");
        assertTrue(lines(Level.WARNING).stream().anyMatch(l -> l.contains("localhost") && l.contains("expires")), lines(Level.WARNING).toString());
    }

    @Test
    void aRunningServerWarnsFourteenDaysBeforeItsCertificateExpires() throws Exception {
        BouncyCastlePem.generate("localhost", dir.resolve("localhost.crt"), dir.resolve("localhost.key"), Duration.ofDays(90));
        Instant notAfter = PemCertificates.read("localhost", dir.resolve("localhost.crt"), dir.resolve("localhost.key"))
                .chain()[0].getNotAfter().toInstant();
        MovableClock clock = new MovableClock(Instant.now());
        Certificates certificates = new Certificates(dir, hosts, clock);
        certificates.prepare("localhost");
        certificates.checkExpiry();
        assertTrue(lines(Level.WARNING).stream().noneMatch(l -> l.contains("expires")), "nothing to say 90 days ahead");
        clock.now = notAfter.minus(Duration.ofDays(13));
        certificates.checkExpiry();
        assertTrue(lines(Level.WARNING).stream().anyMatch(l -> l.contains("localhost") && l.contains("expires")), lines(Level.WARNING).toString());
    }

    static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
