package xmpp.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xmpp.c2s.internal.Certificates;
import xmpp.core.route.Hosts;

/**
 * The HTTPS listener in a real Jetty, as Felix runs it, fed hostile input: each gets a clear
 * error or is closed, and the next client is served.
 */
class HttpsListenerTest {

    @TempDir Path certs;
    Server server;
    HostMetaServlet hostMeta;
    int port;
    final Hosts hosts = new Hosts() {
        @Override public Set<String> all() { return Set.of("localhost"); }
        @Override public boolean isServed(String domain) { return domain.equals("localhost"); }
    };

    /** Reads the whole body and says how long it was. */
    static final class Counting extends HttpServlet {
        @Override
        protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
            long n = request.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            response.getWriter().print(n);
        }
    }

    @BeforeEach
    void start() throws Exception {
        HttpConfig config = Configs.of(HttpConfig.class, Map.of("port", 0, "idle_timeout_s", 1, "max_header_bytes", 2048,
                "min_request_bytes_per_s", 1000L, "links", new String[] {"urn:xmpp:alt-connections:xbosh https://example.org/bosh"}));
        server = new Server();
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new Gate(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
        hostMeta = new HostMetaServlet(config);
        context.addServlet(new ServletHolder(hostMeta), "/.well-known/host-meta.json");
        context.addServlet(new ServletHolder(new Counting()), "/count");
        server.setHandler(context);
        ServerConnector connector = (ServerConnector) new HttpsConnector(config, new Certificates(certs, hosts), hosts).createConnector(server);
        server.addConnector(connector);
        server.start();
        port = connector.getLocalPort();
        // The first handshake makes the self-signed certificate, which on a busy machine may take
        // longer than the short idle timeout these tests use: make it before they start.
        for (int attempt = 1; ; attempt++) {
            try (SSLSocket warmUp = connect()) {
                break;
            } catch (IOException e) {
                if (attempt == 5) throw e;
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    SSLSocket connect() throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(java.util.List.of(new SNIHostName("localhost")));
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(20_000);   // a bound for a broken server, not a measure
        socket.startHandshake();
        return socket;
    }

    /** Sends {@code request} and reads until the server closes or the response's headers and {@code Content-Length} are in. */
    String exchange(String request) throws Exception {
        try (SSLSocket socket = connect()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readResponse(socket.getInputStream());
        }
    }

    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            got.write(b);
            String text = got.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) continue;
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
            if (length.find() && text.length() - end - 4 >= Integer.parseInt(length.group(1))) break;
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    void assertStillServing() throws Exception {
        String response = exchange("GET /.well-known/host-meta.json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
    }

    @Test
    void hostMetaIsServedOverHttpsWithTheConfiguredLinks() throws Exception {
        String response = exchange("GET /.well-known/host-meta.json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.contains("{\"links\":[{\"rel\":\"urn:xmpp:alt-connections:xbosh\",\"href\":\"https://example.org/bosh\"}]}"), response);
        assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("access-control-allow-origin: *"), response);
    }

    @Test
    void anEndpointIsListedWhileItsServiceIsRegistered() throws Exception {
        Map<String, Object> websocket = Map.of("service.id", 7L, HostMetaLinks.ALT_CONNECTION, "websocket",
                "osgi.http.whiteboard.servlet.pattern", new String[] {"/ws/*"});
        hostMeta.addEndpoint(new Counting(), websocket);
        String request = "GET /.well-known/host-meta.json HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n";
        assertTrue(exchange(request).contains("{\"rel\":\"urn:xmpp:alt-connections:websocket\",\"href\":\"wss://localhost:" + port + "/ws\"}"));
        hostMeta.removeEndpoint(new Counting(), websocket);
        assertTrue(!exchange(request).contains("websocket"), "gone with its service");
    }

    @Test
    void headersOverTheLimitGet431AndTheServerServesOn() throws Exception {
        String response = exchange("GET /.well-known/host-meta.json HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(4000) + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 431"), response);
        assertStillServing();
    }

    @Test
    void garbageInsteadOfARequestGets400AndTheServerServesOn() throws Exception {
        String response = exchange("\u0001\u0002 NOT HTTP AT ALL\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertStillServing();
    }

    @Test
    void aRequestWhoseHeadersNeverEndIsClosedAtTheIdleTimeoutAndTheServerServesOn() throws Exception {
        try (SSLSocket slow = connect()) {
            slow.getOutputStream().write("GET /.well-known/host-meta.json HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            slow.getOutputStream().flush();
            String response = readResponse(slow.getInputStream());   // the server closes it: read ends
            assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 408"), response);
        }
        assertStillServing();
    }

    @Test
    void aBodyThatStopsComingIsEndedWithAnErrorAndTheServerServesOn() throws Exception {
        try (SSLSocket slow = connect()) {
            slow.getOutputStream().write("PUT /count HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n0123456789".getBytes(StandardCharsets.ISO_8859_1));
            slow.getOutputStream().flush();
            String response = readResponse(slow.getInputStream());
            assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 408") || response.startsWith("HTTP/1.1 500"), response);
        }
        assertStillServing();
    }
}
