package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jxmpp.jid.impl.JidCreate;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** BOSH (XEP-0124, XEP-0206) in a real Jetty, over raw HTTP as XEP-0206's examples go, with a Smack TCP client on the other side. */
class BoshTest {

    static TestServer server;
    static int tcpPort;
    static Server jetty;
    static BoshServlet bosh;
    static BoshServlet impatient;
    static URI endpoint;
    static URI impatientEndpoint;
    static URI oneAtATime;
    static C2SListener listener;
    static C2SListener single;
    static URI onePerAddress;
    static URI noPlaintext;
    static Server smallPool;
    static BoshServlet onSmallPool;
    static URI smallPoolEndpoint;
    static final int POOL_THREADS = 8;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        listener = server.listen(TestServer.plaintextOnLoopback());   // as shipped: the plain HTTP here is loopback's
        tcpPort = listener.port();
        jetty = new Server();
        ServletContextHandler context = new ServletContextHandler("/");
        bosh = servlet(listener, 60);
        impatient = servlet(listener, 1);
        context.addServlet(holder(bosh), "/http-bind");
        context.addServlet(holder(impatient), "/impatient");
        single = server.listen(TestServer.plaintextOnLoopback(1, TestServer.settings().maxUnauthenticatedPerIp()));
        context.addServlet(holder(servlet(single, 60)), "/one-at-a-time");
        context.addServlet(holder(servlet(server.listen(TestServer.plaintextOnLoopback(TestServer.settings().maxConnections(), 1)), 60)),
                "/one-per-address");
        context.addServlet(holder(servlet(server.listen(TestServer.settings()), 60)), "/no-plaintext");
        String base = "http://127.0.0.1:" + LoopbackJetty.serve(jetty, new ServerConnector(jetty), context);
        endpoint = URI.create(base + "/http-bind");
        impatientEndpoint = URI.create(base + "/impatient");
        oneAtATime = URI.create(base + "/one-at-a-time");
        noPlaintext = URI.create(base + "/no-plaintext");
        onePerAddress = URI.create(base + "/one-per-address");

        // A Jetty with few request threads: one acceptor, one selector, the rest for requests.
        QueuedThreadPool pool = new QueuedThreadPool(POOL_THREADS, 1);
        pool.setReservedThreads(0);
        smallPool = new Server(pool);
        ServletContextHandler fewContext = new ServletContextHandler("/");
        onSmallPool = servlet(listener, 60);
        fewContext.addServlet(holder(onSmallPool), "/http-bind");
        smallPoolEndpoint = URI.create("http://127.0.0.1:" + LoopbackJetty.serve(smallPool, new ServerConnector(smallPool, 1, 1), fewContext)
                + "/http-bind");
    }

    /** BOSH for {@code listener}: a wait of up to 60 s, sessions ended after {@code inactivitySeconds}. */
    static BoshServlet servlet(C2SListener listener, int inactivitySeconds) {
        return new BoshServlet(listener, new BoshServlet.Limits(Duration.ofSeconds(60), Duration.ofSeconds(inactivitySeconds)));
    }

    /** As the HTTP whiteboard registers the endpoint: asynchronous requests allowed. */
    static ServletHolder holder(BoshServlet servlet) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        return holder;
    }

    @AfterAll
    static void stop() throws Exception {
        bosh.close();
        impatient.close();
        onSmallPool.close();
        smallPool.stop();
        jetty.stop();
        server.close();
    }

    record Reply(int status, Element body) { }

    static Reply post(URI uri, String body) throws Exception {
        // The timeout only turns a request that is never served (no thread left for it) into a failure rather than a hang.
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), XmlStreams.parseElement(r.body()));
    }

    static CompletableFuture<Reply> postLater(URI uri, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return post(uri, body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A BOSH client, one rid after the other. */
    static final class Client {
        final URI uri;
        final String sid;
        long rid;
        final Element features;

        /** XEP-0206 example 1: the session request; its answer carries the stream features. */
        Client(URI uri, long firstRid, int wait) throws Exception {
            this.uri = uri;
            this.rid = firstRid;
            Reply created = post(uri, "<body content='text/xml; charset=utf-8' hold='1' rid='" + rid++ + "' to='localhost' ver='1.6' wait='"
                    + wait + "' xml:lang='en' xmpp:version='1.0' xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'/>");
            assertEquals(200, created.status());
            Element b = created.body();
            sid = b.attr("sid");
            assertTrue(sid.length() >= 16, b.toXml());
            assertEquals("2", b.attr("requests"), "hold + 1");
            assertEquals(String.valueOf(wait), b.attr("wait"));
            assertEquals("localhost", b.attr("from"));
            features = b.child("features", "http://etherx.jabber.org/streams").orElseThrow(() -> new AssertionError(b.toXml()));
        }

        String body(String attributes, String payload) {
            return "<body rid='" + rid++ + "' sid='" + sid + "' xmlns='http://jabber.org/protocol/httpbind'" + attributes + ">" + payload + "</body>";
        }

        Reply send(String payload) throws Exception {
            return post(uri, body("", payload));
        }

        /** SASL PLAIN, the restart (XEP-0206 section 5), binding: the full JID. */
        String logIn(String user, String password) throws Exception {
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
            Element success = send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>").body();
            assertEquals("success", success.elements().get(0).name(), success.toXml());
            Element restarted = post(uri, body(" to='localhost' xml:lang='en' xmpp:restart='true' xmlns:xmpp='urn:xmpp:xbosh'", "")).body();
            assertTrue(restarted.child("features", "http://etherx.jabber.org/streams").orElseThrow(() -> new AssertionError(restarted.toXml()))
                    .child("bind", Connection.BIND_NS).isPresent());
            Element bound = send("<iq xmlns='jabber:client' type='set' id='bind_1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                    + "<resource>httpclient</resource></bind></iq>").body();
            return bound.elements().get(0).child("bind", Connection.BIND_NS).orElseThrow().child("jid").orElseThrow().text();
        }
    }

    @Test
    void aBoshClientLogsInWithRestartAndExchangesMessagesWithATcpClient() throws Exception {
        Client romeo = new Client(endpoint, 1000, 2);
        assertTrue(RawClientTest.mechanisms(romeo.features).contains("PLAIN"));
        assertTrue(romeo.features.child("starttls", Connection.TLS_NS).isEmpty(), "TLS is the HTTP service's");
        String jid = romeo.logIn("romeo", "pencil");
        assertEquals("romeo@localhost/httpclient", jid);
        XMPPTCPConnection juliet = SmackClientTest.connect(server, tcpPort, "juliet", "wherefore", "balcony", "PLAIN");
        try {
            StanzaCollector atJuliet = juliet.createStanzaCollector(StanzaTypeFilter.MESSAGE);
            romeo.send("<message xmlns='jabber:client' to='" + juliet.getUser() + "' type='chat'><body>over BOSH</body></message>");
            Message m = atJuliet.nextResult(10_000);
            assertNotNull(m);
            assertEquals("over BOSH", m.getBody());
            assertEquals(JidCreate.from(jid), m.getFrom());

            CompletableFuture<Reply> poll = postLater(endpoint, romeo.body("", ""));   // held until something comes
            juliet.sendStanza(juliet.getStanzaFactory().buildMessageStanza().to(JidCreate.from(jid)).setBody("over TCP").build());
            Element answer = poll.get().body();
            Element message = answer.elements().stream().filter(e -> e.name().equals("message")).findFirst()
                    .orElseThrow(() -> new AssertionError(answer.toXml()));
            assertEquals("over TCP", message.child("body").orElseThrow().text());

            // XEP-0124 section 14.3: a client that lost an answer asks with the same rid and gets the same answer.
            Reply replayed = post(endpoint, "<body rid='" + (romeo.rid - 1) + "' sid='" + romeo.sid + "' xmlns='http://jabber.org/protocol/httpbind'/>");
            assertEquals(answer.toXml(), replayed.body().toXml());

            Element terminated = post(endpoint, romeo.body(" type='terminate'", "<presence xmlns='jabber:client' type='unavailable'/>")).body();
            assertEquals("terminate", terminated.attr("type"));
        } finally {
            juliet.disconnect();
        }
    }

    @Test
    void overPlainHttpALoginIsRefusedWhereTheListenerAllowsNoPlainText() throws Exception {
        Client c = new Client(noPlaintext, 8000, 2);
        assertTrue(c.features.child("starttls", Connection.TLS_NS).isEmpty(), "no STARTTLS over HTTP: " + c.features.toXml());
        assertTrue(c.features.child("mechanisms", Connection.SASL_NS).isEmpty(), "no mechanism over plain HTTP: " + c.features.toXml());
        String plain = Base64.getEncoder().encodeToString("\0romeo\0pencil".getBytes(StandardCharsets.UTF_8));
        Element refused = c.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>").body();
        Element failure = refused.elements().get(0);
        assertEquals("failure", failure.name(), refused.toXml());
        assertEquals("encryption-required", failure.elements().get(0).name(), refused.toXml());
        post(noPlaintext, c.body(" type='terminate'", ""));
    }

    @Test
    void aStreamErrorWhileNoRequestIsHeldReachesTheNextRequest() throws Exception {
        Client first = new Client(endpoint, 5000, 2);
        first.logIn("romeo", "pencil");   // romeo@localhost/httpclient; each request has had its answer
        Client second = new Client(endpoint, 6000, 2);
        second.logIn("romeo", "pencil");  // the same full JID: the first session ends with conflict
        Reply next = post(endpoint, first.body("", ""));
        assertEquals(200, next.status(), next.body().toXml());
        assertEquals("terminate", next.body().attr("type"));
        assertEquals("remote-stream-error", next.body().attr("condition"));
        assertTrue(next.body().child("error", "http://etherx.jabber.org/streams").orElseThrow(() -> new AssertionError(next.body().toXml()))
                .child("conflict", "urn:ietf:params:xml:ns:xmpp-streams").isPresent(), next.body().toXml());
        assertEquals(404, post(endpoint, first.body("", "")).status(), "then the session is gone");
        post(endpoint, second.body(" type='terminate'", ""));
    }

    @Test
    void anUnknownSidIsItemNotFound() throws Exception {
        Reply r = post(endpoint, "<body rid='5' sid='nosuchsession' xmlns='http://jabber.org/protocol/httpbind'/>");
        assertEquals(404, r.status());
        assertEquals("terminate", r.body().attr("type"));
        assertEquals("item-not-found", r.body().attr("condition"));
    }

    @Test
    void aRidBeyondTheWindowEndsTheSessionWithItemNotFound() throws Exception {
        Client c = new Client(endpoint, 2000, 2);
        Reply r = post(endpoint, "<body rid='" + (c.rid + 5) + "' sid='" + c.sid + "' xmlns='http://jabber.org/protocol/httpbind'/>");
        assertEquals("terminate", r.body().attr("type"));
        assertEquals("item-not-found", r.body().attr("condition"));
        assertEquals(404, post(endpoint, c.body("", "")).status(), "the session is gone");
    }

    @Test
    void moreRequestsAtOnceThanAllowedEndTheSessionWithPolicyViolation() throws Exception {
        Client c = new Client(endpoint, 3000, 30);
        // Three at once for the rid after the next: each waits for the one before it, which never comes. With
        // 'requests' 2 the third is one too many (XEP-0124 section 11), and the session ends for all three.
        String ahead = "<body rid='" + (c.rid + 1) + "' sid='" + c.sid + "' xmlns='http://jabber.org/protocol/httpbind'/>";
        java.util.List<CompletableFuture<Reply>> atOnce = java.util.stream.Stream.generate(() -> postLater(endpoint, ahead)).limit(3).toList();
        for (CompletableFuture<Reply> r : atOnce) {
            assertEquals("terminate", r.get().body().attr("type"));
            assertEquals("policy-violation", r.get().body().attr("condition"));
        }
        assertEquals(404, post(endpoint, c.body("", "")).status(), "the session is gone");
    }

    @Test
    @Timeout(60)
    void aRetryOfARequestStillHeldTakesItsPlaceAndTheSessionGoesOn() throws Exception {
        Client c = new Client(endpoint, 7000, 2);
        int heldBefore = bosh.heldRequests();
        String poll = c.body("", "");
        CompletableFuture<Reply> first = postLater(endpoint, poll);
        while (bosh.heldRequests() == heldBefore) Thread.sleep(20);
        // XEP-0124 section 14.3: a proxy dropped the connection of the held request; the client sends it again.
        Reply retried = post(endpoint, poll);
        assertEquals(200, retried.status());
        assertTrue(retried.body().attr("type").isEmpty(), "the retry is answered as the held request would be: " + retried.body().toXml());
        Reply replaced = first.get();
        assertTrue(replaced.body().attr("type").isEmpty() && replaced.body().elements().isEmpty(),
                "the request replaced is answered empty: " + replaced.body().toXml());
        Reply next = c.send("");
        assertEquals(200, next.status());
        assertTrue(next.body().attr("type").isEmpty(), "the session goes on: " + next.body().toXml());
        post(endpoint, c.body(" type='terminate'", ""));
    }

    @Test
    @Timeout(30)
    void aSessionWithoutRequestsForItsInactivityEnds() throws Exception {
        Client idle = new Client(impatientEndpoint, 4000, 1);
        idle.logIn("juliet", "wherefore");
        Client polling = new Client(impatientEndpoint, 4500, 1);
        // The same endpoint's sweep, the same time: only the session without requests may end.
        while (impatient.sessions() > 1) assertTrue(polling.send("").body().attr("type").isEmpty(), "the polling session goes on");
        Reply r = post(impatientEndpoint, idle.body("", ""));
        assertEquals(404, r.status());
        assertEquals("item-not-found", r.body().attr("condition"));
        Reply stillThere = polling.send("");
        assertEquals(200, stillThere.status());
        assertTrue(stillThere.body().attr("type").isEmpty(), "requests kept it alive: " + stillThere.body().toXml());
        post(impatientEndpoint, polling.body(" type='terminate'", ""));
    }

    @Test
    @Timeout(30)
    void whatWaitedForASessionThatEndsByItsInactivityIsRoutedAgain() throws Exception {
        try (RawClient desk = RawClient.loggedIn(tcpPort, server, "romeo", "pencil", "desk");
             RawClient juliet = RawClient.loggedIn(tcpPort, server, "juliet", "wherefore", "garden")) {
            desk.available();   // where what waited for the BOSH session goes
            Client gone = new Client(impatientEndpoint, 9000, 1);
            String jid = gone.logIn("romeo", "pencil");   // then no request: what comes waits in the session
            juliet.send("<message type='chat' to='" + jid + "' id='waited'><body>for nobody</body></message>");
            Element e = desk.next();
            while (!e.name().equals("message")) e = desk.next();
            assertEquals("waited", e.attr("id"), "routed to the account's other resource once the BOSH session ended");
        }
    }

    @Test
    void aBodyThatIsNoBodyIsBadRequest() throws Exception {
        Reply r = post(endpoint, "<message xmlns='jabber:client'/>");
        assertEquals(400, r.status());
        assertEquals("bad-request", r.body().attr("condition"));
        Reply broken = post(endpoint, "<body xmlns='http://jabber.org/protocol/httpbind' rid='1'><unclosed></body>");
        assertEquals(400, broken.status());
    }

    @Test
    void moreHeldRequestsThanRequestThreadsAreServed() throws Exception {
        int clients = POOL_THREADS * 3;
        java.util.List<Client> sessions = new java.util.ArrayList<>();
        java.util.List<CompletableFuture<Reply>> held = new java.util.ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client c = new Client(smallPoolEndpoint, 10_000L * (i + 1), 60);
            sessions.add(c);
            held.add(postLater(smallPoolEndpoint, c.body("", "")));   // held: nothing comes for it
        }
        while (onSmallPool.heldRequests() < clients) Thread.sleep(50);   // each held, none answered
        // Every thread would be taken by now if a held request kept one: yet a new session is made, and each held one answered.
        Client late = new Client(smallPoolEndpoint, 900_000, 60);
        for (Client c : sessions) assertEquals("terminate", post(smallPoolEndpoint, c.body(" type='terminate'", "")).body().attr("type"));
        for (CompletableFuture<Reply> r : held) assertEquals(200, r.get().status());
        post(smallPoolEndpoint, late.body(" type='terminate'", ""));
    }

    @Test
    void aSessionOverTheListenersConnectionLimitIsRefusedAsTheServerCannotTakeTheStream() throws Exception {
        Client first = new Client(oneAtATime, 7000, 30);   // max.connections 1
        Reply refused = post(oneAtATime, "<body content='text/xml; charset=utf-8' hold='1' rid='8000' to='localhost' ver='1.6' wait='30' "
                + "xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0'/>");
        assertEquals("terminate", refused.body().attr("type"));
        assertEquals("remote-connection-failed", refused.body().attr("condition"), refused.body().toXml());
        assertEquals("terminate", post(oneAtATime, first.body(" type='terminate'", "")).body().attr("type"));
        while (single.openConnections() > 0) Thread.sleep(50);   // the stream's end releases its place
        new Client(oneAtATime, 9000, 30);   // its place is free again
    }

    @Test
    void aSessionOverThePerAddressLimitIsAPolicyViolation() throws Exception {
        Client first = new Client(onePerAddress, 7000, 30);   // max.unauthenticated.per.ip 1, and it has not logged in
        Reply refused = post(onePerAddress, "<body content='text/xml; charset=utf-8' hold='1' rid='8000' to='localhost' ver='1.6' wait='30' "
                + "xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh' xmpp:version='1.0'/>");
        assertEquals("terminate", refused.body().attr("type"));
        assertEquals("policy-violation", refused.body().attr("condition"), refused.body().toXml());
        post(onePerAddress, first.body(" type='terminate'", ""));
    }

    @Test
    void whatWaitsForAClientThatDoesNotPollIsBoundedByTheStanzaLimit() throws Exception {
        int limit = 1000;
        BoshSession session = new BoshSession("bounded", 1, Duration.ofSeconds(60), 1, Duration.ofSeconds(60), limit, () -> { });
        session.carry(new FramedTransport("bosh", false, java.net.InetAddress.getLoopbackAddress(), "bounded", session, listener.parser()));
        int stanzas = 10;
        String filler = "x".repeat(limit * 2 / 5);   // two of these fit, a third does not
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < stanzas; i++) session.element("<message xmlns='jabber:client' id='m" + i + "'><body>" + filler + "</body></message>");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        while (writer.getState() != Thread.State.WAITING && writer.getState() != Thread.State.TERMINATED) Thread.sleep(10);
        assertEquals(Thread.State.WAITING, writer.getState(), "the server's writer waits for the client once the limit is reached");

        long rid = 1;
        int received = 0;
        while (received < stanzas) {
            Element request = XmlStreams.parseElement("<body xmlns='http://jabber.org/protocol/httpbind' rid='" + rid + "' to='localhost'/>");
            BoshSession.Answer answer = session.request(rid, request, rid == 1 ? session.creationAttributes() : null);
            Element body = XmlStreams.parseElement(answer.body());
            assertTrue(body.elements().size() <= 2, answer.body());
            received += body.elements().size();
            rid++;
        }
        writer.join();
        session.shutdown();
    }
}
