package xmpp.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static xmpp.itest.ServerProcess.eventually;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.httpfileupload.element.Slot;
import org.jivesoftware.smackx.httpfileupload.element.SlotRequest;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * HTTP file upload (XEP-0363) in the exported server over its HTTPS listener, with Smack's
 * HttpFileUploadManager and a plain HTTP client; and hostile HTTP input, each answered with a
 * clear error while the server serves on.
 */
public class HttpUploadIT {

    private static final long MAX = 11 * 1024 * 1024;
    private static final long QUOTA = 25 * 1024 * 1024;
    private static ServerProcess server;
    private static SSLContext tls;
    private static HttpClient http;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        server = new ServerProcess();
        Path etc = server.home.resolve("etc");
        String base = "https://localhost:" + server.httpsPort;
        Path upload = etc.resolve("xmpp.mod.upload-default.cfg");
        Files.writeString(upload, Files.readString(upload)
                .replaceAll("(?m)^#?url=.*$", "url=" + base + "/upload")
                .replaceAll("(?m)^max.file.bytes=.*$", "max.file.bytes=" + MAX)
                .replaceAll("(?m)^quota.bytes=.*$", "quota.bytes=" + QUOTA));
        server.started();
        tls = trusting(server.home.resolve("data/certs/localhost.crt"));
        http = HttpClient.newBuilder().sslContext(tls).build();
        eventually(() -> get(base + "/.well-known/host-meta").statusCode(), s -> s == 200);   // HTTPS is up
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) server.close();
    }

    @After
    public void disconnect() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    static SSLContext trusting(Path certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry("localhost", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    static HttpResponse<byte[]> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> put(URL url, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.toURI()).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    XMPPTCPConnection user(String prefix) throws Exception {
        XMPPTCPConnection c = server.connect("localhost", server.newUser(prefix), "pw", "r", "SCRAM-SHA-1");
        open.add(c::disconnect);
        HttpFileUploadManager.getInstanceFor(c).setTlsContext(tls);
        return c;
    }

    static Slot slot(XMPPTCPConnection c, String service, String name, long size) throws Exception {
        return c.sendIqRequestAndWaitForResponse(new SlotRequest(JidCreate.domainBareFrom(service), name, size, "application/octet-stream"));
    }

    static String condition(XMPPException.XMPPErrorException e) {
        return e.getStanzaError().getCondition().toString().replace('_', '-');
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    public void tenMegabytesGoThroughSlotPutAndGetWithSmack() throws Exception {
        XMPPTCPConnection juliet = user("up");
        HttpFileUploadManager manager = HttpFileUploadManager.getInstanceFor(juliet);
        assertTrue("Smack finds upload.localhost in disco", manager.discoverUploadService());
        assertEquals(MAX, manager.getDefaultUploadService().getMaxFileSize().longValue());
        Path file = Files.createTempFile("upload", ".jpg");
        byte[] content = random(10 * 1024 * 1024);
        Files.write(file, content);
        URL got = manager.uploadFile(file.toFile());
        HttpResponse<byte[]> response = get(got.toString());
        assertEquals(200, response.statusCode());
        assertArrayEquals(content, response.body());
        // Smack says application/octet-stream for every file: nothing a browser shows in place.
        assertEquals("attachment; filename*=UTF-8''" + file.getFileName(), response.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
    }

    @Test
    public void aFileOverTheLimitIsRefusedAtTheSlotAndAtThePut() throws Exception {
        XMPPTCPConnection juliet = user("big");
        XMPPException.XMPPErrorException e = assertError(() -> slot(juliet, "upload.localhost", "big.bin", MAX + 1));
        assertEquals("not-acceptable", condition(e));
        assertTrue(e.getStanzaError().toXML().toString(), e.getStanzaError().toXML().toString().contains("<max-file-size>" + MAX + "</max-file-size>"));
        Slot small = slot(juliet, "upload.localhost", "small.bin", 100);
        assertEquals(413, put(small.getPutUrl(), small.getHeaders(), random(200)).statusCode());
        assertEquals("the slot is still good for its size", 201, put(small.getPutUrl(), small.getHeaders(), random(100)).statusCode());
    }

    @Test
    public void aQuotaOverrunIsRefused() throws Exception {
        XMPPTCPConnection romeo = user("quota");
        Slot first = slot(romeo, "upload.localhost", "a.bin", 10 * 1024 * 1024);
        assertEquals(201, put(first.getPutUrl(), first.getHeaders(), random(10 * 1024 * 1024)).statusCode());
        slot(romeo, "upload.localhost", "b.bin", 10 * 1024 * 1024);   // promised, not yet sent: counts too
        assertEquals("resource-constraint", condition(assertError(() -> slot(romeo, "upload.localhost", "c.bin", 10 * 1024 * 1024))));
        slot(user("other"), "upload.localhost", "d.bin", 10 * 1024 * 1024);   // another user's quota is her own
    }

    @Test
    public void anExpiredFileIsGone() throws Exception {
        // A second service whose files expire at once, in a folder of its own, for this test only:
        // the others' clients would find it in disco too.
        Path config = server.home.resolve("etc/xmpp.mod.upload-expiring.cfg");
        Files.writeString(config, "host=expiring.localhost\npath=/expiring\ndir=expiring\nexpiry.s=1\nurl=https://localhost:"
                + server.httpsPort + "/expiring\n");
        XMPPTCPConnection juliet = user("exp");
        try {
            Slot slot = eventually(() -> {
                try {
                    return slot(juliet, "expiring.localhost", "note.txt", 5);
                } catch (XMPPException.XMPPErrorException notYet) {
                    return null;   // FileInstall has not brought the service up yet
                }
            }, s -> s != null);
            assertEquals(201, put(slot.getPutUrl(), slot.getHeaders(), "hello".getBytes(StandardCharsets.UTF_8)).statusCode());
            eventually(() -> get(slot.getGetUrl().toString()).statusCode(), s -> s == 404);
        } finally {
            Files.delete(config);
            eventually(() -> {   // gone again before another test's client looks for upload services
                try {
                    slot(juliet, "expiring.localhost", "note.txt", 5);
                    return false;
                } catch (XMPPException.XMPPErrorException gone) {
                    return true;
                }
            }, gone -> gone);
        }
    }

    @Test
    public void aPutToAnotherUsersSlotFailsAndStoresNothing() throws Exception {
        Slot juliets = slot(user("owner"), "upload.localhost", "mine.txt", 5);
        Slot romeos = slot(user("thief"), "upload.localhost", "his.txt", 5);
        assertEquals(403, put(juliets.getPutUrl(), romeos.getHeaders(), "evil!".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(403, put(juliets.getPutUrl(), Map.of(), "evil!".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(404, get(juliets.getGetUrl().toString()).statusCode());
        assertEquals(201, put(juliets.getPutUrl(), juliets.getHeaders(), "mine!".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals("mine!", new String(get(juliets.getGetUrl().toString()).body(), StandardCharsets.UTF_8));
    }

    @Test
    public void deletingAnAccountDeletesItsFiles() throws Exception {
        XMPPTCPConnection juliet = user("gone");
        String account = juliet.getUser().asBareJid().toString();
        Slot slot = slot(juliet, "upload.localhost", "photo.png", 5);
        assertEquals(201, put(slot.getPutUrl(), slot.getHeaders(), random(5)).statusCode());
        assertEquals(200, get(slot.getGetUrl().toString()).statusCode());
        assertTrue(server.ctl("xmpp:users delete " + account).contains("deleted " + account));
        assertEquals(404, get(slot.getGetUrl().toString()).statusCode());
    }

    @Test
    public void hostileRequestsGetClearErrorsAndTheServerServesOn() throws Exception {
        String base = "https://localhost:" + server.httpsPort;
        // A body larger than the request size limit, announced: refused before it is read.
        assertTrue(raw("PUT /upload/AAAAAAAAAAAAAAAAAAAAAA/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 999999999999\r\n\r\n").startsWith("HTTP/1.1 413"));
        assertTrue(raw("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20000) + "\r\n\r\n").startsWith("HTTP/1.1 431"));
        assertTrue(raw("\u0000\u0001garbage\r\n\r\n").startsWith("HTTP/1.1 400"));
        assertEquals("an encoded slash is refused before any endpoint", 400, get(base + "/upload/..%2F..%2Fetc%2Fpasswd/x").statusCode());
        assertEquals("a slot id that is no id never reaches the store", 404, get(base + "/upload/..passwd............/x").statusCode());
        assertEquals(200, get(base + "/.well-known/host-meta.json").statusCode());
    }

    /** One raw request over TLS; the response's first line and headers. */
    static String raw(String request) throws Exception {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.httpsPort)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] head = s.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.ISO_8859_1);
        }
    }

    interface Call {
        void run() throws Exception;
    }

    static XMPPException.XMPPErrorException assertError(Call call) throws Exception {
        try {
            call.run();
        } catch (XMPPException.XMPPErrorException e) {
            return e;
        }
        fail("expected an error reply");
        return null;
    }
}
