package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static xmpp.itest.ServerProcess.eventually;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Prometheus metrics of the exported server: two Smack clients log in, exchange messages, ask
 * the server an IQ, and one login fails; the scrape shows each count move. And who may scrape:
 * loopback, else only with the bearer token.
 */
public class MetricsIT {

    private static final String TOKEN = "it-scrape-token";
    private static ServerProcess server;
    private static final HttpClient http = HttpClient.newHttpClient();
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        server = new ServerProcess();
        server.configure("xmpp.metrics.cfg", "token", TOKEN);
        server.started();
        eventually(() -> scrapeStatus(), s -> s == 200);   // the endpoint is registered with the HTTP service
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static int scrapeStatus() throws Exception {
        return http.send(request(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort + "/metrics")).GET().build();
    }

    /** The metrics, scraped over plain HTTP from loopback as a Prometheus on this machine does. */
    private static String scrape() throws Exception {
        HttpResponse<String> r = http.send(request(), HttpResponse.BodyHandlers.ofString());
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse(""), r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return r.body();
    }

    /** The sample {@code series}; 0 when it is not there yet (a counter that has not counted). */
    private static double sample(String scraped, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scraped);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    public void theCountsMoveAsClientsLogInExchangeMessagesAndAskAnIq() throws Exception {
        String romeoName = server.newUser("romeo");
        String julietName = server.newUser("juliet");
        String before = scrape();
        String message = "xmpp_stanzas_routed_total{type=\"message\"}";
        String loggedIn = "xmpp_authentications_total{mechanism=\"SCRAM-SHA-1\",outcome=\"ok\"}";
        String refused = "xmpp_authentications_total{mechanism=\"SCRAM-SHA-1\",outcome=\"failed\"}";
        String discoLatency = "xmpp_iq_latency_seconds_count{namespace=\"http://jabber.org/protocol/disco#info\"}";

        XMPPTCPConnection romeo = server.available(romeoName, "orchard");
        open.add(romeo);
        XMPPTCPConnection juliet = server.available(julietName, "balcony");
        open.add(juliet);
        try (StanzaCollector got = juliet.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            for (int i = 0; i < 5; i++)
                romeo.sendStanza(MessageBuilder.buildMessage().to(juliet.getUser()).ofType(Message.Type.chat).setBody("m" + i).build());
            for (int i = 0; i < 5; i++) assertNotNull("message " + i + " arrived", got.nextResult(10_000));
        }
        // Sent by hand: ServiceDiscoveryManager may answer from its caps cache without sending anything.
        romeo.sendIqRequestAndWaitForResponse(DiscoverInfo.builder("metrics-disco").to(JidCreate.domainBareFrom(server.domain)).ofType(IQ.Type.get).build());
        try {
            server.connect(server.domain, julietName, "not her password", "r", "SCRAM-SHA-1").disconnect();
            fail("a wrong password logged in");
        } catch (SASLErrorException expected) {
            // counted below
        }

        String after = scrape();
        assertEquals(2, sample(after, "xmpp_sessions{host=\"localhost\",transport=\"tcp\"}"), 0);
        assertTrue("5 messages routed: " + sample(before, message) + " then " + sample(after, message),
                sample(after, message) - sample(before, message) >= 5);
        assertEquals(2, sample(after, loggedIn) - sample(before, loggedIn), 0);
        assertEquals(1, sample(after, refused) - sample(before, refused), 0);
        assertTrue("the disco#info IQ was timed", sample(after, discoLatency) - sample(before, discoLatency) >= 1);
        for (String present : List.of("xmpp_sessions_queued ", "xmpp_iq_queued ", "xmpp_s2s_streams{direction=\"in\"} ",
                "xmpp_db_pool_max ", "jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads "))
            assertTrue(present + " is scraped", after.contains(present));

        for (XMPPTCPConnection c : open) c.disconnect();
        eventually(() -> sample(scrape(), "xmpp_sessions{host=\"localhost\",transport=\"tcp\"}"), n -> n == 0);
    }

    @Test
    public void fromElsewhereThanLoopbackOnlyTheTokenIsLetIn() throws Exception {
        Optional<InetAddress> elsewhere = nonLoopbackAddress();
        Assume.assumeTrue("this machine has no address but loopback to come from", elsewhere.isPresent());
        SSLContext tls = HttpUploadIT.trusting(server.home.resolve("data/certs/localhost.crt"));
        // This server has a token: without it, or with another, 401 (without any token configured, 403: ScrapeAccessTest).
        assertEquals(401, httpsStatus(tls, elsewhere.get(), null));
        assertEquals(401, httpsStatus(tls, elsewhere.get(), "Bearer wrong-" + TOKEN));
        assertEquals(200, httpsStatus(tls, elsewhere.get(), "Bearer " + TOKEN));
        assertEquals("and from loopback, none is needed", 200, httpsStatus(tls, InetAddress.getLoopbackAddress(), null));
    }

    /** An address of this machine that is no loopback address (on any interface): a request to it comes from it. */
    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp()) continue;
            for (InetAddress a : Collections.list(n.getInetAddresses()))
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return Optional.of(a);
        }
        return Optional.empty();
    }

    /**
     * GET /metrics over the HTTPS listener (every interface) at {@code address}, by hand: the
     * certificate names localhost, not this address, and the status line is all that matters.
     */
    private static int httpsStatus(SSLContext tls, InetAddress address, String authorization) throws Exception {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(address, server.httpsPort)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);   // "HTTP/1.1 200"
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
