package xmpp.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xmpp.c2s.internal.Certificates;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.spi.route.NodeLink;
import xmpp.core.spi.route.S2STable;
import xmpp.core.spi.stream.StreamHeader;
import xmpp.core.spi.stream.StreamLimits;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/**
 * Two S2S services on loopback, a.test and b.test, each with its own certificates (the client
 * listener's, self-signed unless a test writes others) and a static route to the other; their
 * routers record what reaches them, which is either a delivered stanza or a bounce.
 */
class FederationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Records what the S2S service hands the router: stanzas from other servers, and bounces. */
    static final class RecordingRouter implements Router {
        final BlockingQueue<Element> routed = new LinkedBlockingQueue<>();

        @Override
        public void route(Jid from, Jid to, Element stanza) {
            assertEquals(from.toString(), stanza.attr("from"));
            assertEquals(to.toString(), stanza.attr("to"));
            routed.add(stanza);
        }

        Element next() throws InterruptedException {
            Element e = routed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(e, "nothing was routed");
            return e;
        }
    }

    private record Server(String domain, S2SService s2s, RecordingRouter router, Certificates certificates) {
    }

    private record OneHost(String domain) implements Hosts {
        @Override
        public Set<String> all() {
            return Set.of(domain);
        }

        @Override
        public boolean isServed(String d) {
            return domain.equals(d);
        }
    }

    /** DNS that knows no domain: only static routes lead anywhere. */
    private static final Dns NO_DNS = new Dns() {
        @Override
        public List<Srv> srv(String name) {
            return List.of();
        }

        @Override
        public boolean hasAddress(String host) {
            return false;
        }
    };

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) c.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Server start(String domain, int port, Map<String, PeerAddress> routes, List<Path> anchors, String secret, Duration idle) throws Exception {
        return start(domain, port, routes, anchors, secret, idle, true);
    }

    private Server start(String domain, int port, Map<String, PeerAddress> routes, List<Path> anchors, String secret, Duration idle,
                         boolean tlsRequired) throws Exception {
        return start(new Settings("127.0.0.1", port, false, tlsRequired, true, anchors, routes, secret, 100, Duration.ofSeconds(20), idle,
                262_144, 100), domain);
    }

    private Server start(Settings settings, String domain) throws Exception {
        OneHost hosts = new OneHost(domain);
        Certificates certificates = new Certificates(dir.resolve(domain), hosts);
        RecordingRouter router = new RecordingRouter();
        S2SService s2s = new S2SService(settings, router, hosts, certificates, NO_DNS);
        toClose.add(s2s::stop);
        return new Server(domain, s2s, router, certificates);
    }

    private Server[] pair(boolean trustEachOther) throws Exception {
        int pa = freePort();
        int pb = freePort();
        List<Path> anchorsOfA = List.of();
        List<Path> anchorsOfB = List.of();
        if (trustEachOther) {
            Instant now = Instant.now();
            TestCertificates.write(dir.resolve("a.test"), "a.test", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(9)), "a.test", "*.a.test");
            TestCertificates.write(dir.resolve("b.test"), "b.test", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(9)), "b.test", "*.b.test");
            anchorsOfA = List.of(dir.resolve("b.test").resolve("b.test.crt"));
            anchorsOfB = List.of(dir.resolve("a.test").resolve("a.test.crt"));
        }
        Server a = start("a.test", pa, Map.of("b.test", new PeerAddress("127.0.0.1", pb, false)), anchorsOfA, "secret of a", Duration.ofMinutes(10));
        Server b = start("b.test", pb, Map.of("a.test", new PeerAddress("127.0.0.1", pa, false)), anchorsOfB, "secret of b", Duration.ofMinutes(10));
        return new Server[] {a, b};
    }

    private static Element stanza(String xml) throws Exception {
        return XmlStreams.parseElement(xml);
    }

    private static void send(Server from, String xml) throws Exception {
        Element e = stanza(xml);
        from.s2s().route(Jid.of(e.attr("from")), Jid.of(e.attr("to")), e);
    }

    private static List<S2SStream.Info> streams(Server s, String direction) {
        return s.s2s().streams().stream().filter(i -> i.direction().equals(direction)).toList();
    }

    @Test
    void messagesPresenceAndIqsGoBothWaysOverOneStreamPairByDialbackWhenCertificatesDoNotVerify() throws Exception {
        Server[] servers = pair(false);
        Server a = servers[0];
        Server b = servers[1];

        send(a, "<message from='romeo@a.test/r' to='juliet@b.test' type='chat' id='m1'><body>hi</body></message>");
        Element m1 = b.router().next();
        assertEquals("m1", m1.attr("id"));
        assertEquals("hi", m1.child("body").orElseThrow().text());
        send(a, "<presence from='romeo@a.test' to='juliet@b.test' type='subscribe' id='s1'/>");
        assertEquals("subscribe", b.router().next().attr("type"));
        send(b, "<presence from='juliet@b.test' to='romeo@a.test' type='subscribed' id='s2'/>");
        assertEquals("subscribed", a.router().next().attr("type"));
        send(b, "<iq from='juliet@b.test/x' to='romeo@a.test/r' type='get' id='q1'><query xmlns='jabber:iq:version'/></iq>");
        Element iq = a.router().next();
        assertEquals("q1", iq.attr("id"));
        assertEquals("jabber:iq:version", iq.firstElement().orElseThrow().namespace());
        send(a, "<message from='romeo@a.test/r' to='juliet@b.test' id='m2'><body>again</body></message>");
        assertEquals("m2", b.router().next().attr("id"));

        List<S2SStream.Info> out = streams(a, "out");
        assertEquals(1, out.size(), "one stream from a.test to b.test, reused: " + out);
        assertEquals("b.test", out.getFirst().remote());
        assertEquals("dialback", out.getFirst().auth());
        assertTrue(out.getFirst().tls().startsWith("TLS"), out.getFirst().tls());
        assertEquals(1, streams(b, "out").size());
        assertEquals("dialback", streams(b, "in").stream().filter(i -> i.remote().equals("a.test")).findFirst().orElseThrow().auth());
        // What a metrics bundle reads (S2SStatistics): the same streams, counted.
        assertEquals(streams(a, "out").size(), a.s2s().outgoing());
        assertEquals(streams(b, "in").size(), b.s2s().incoming());
        assertTrue(b.s2s().incoming() >= 1);
    }

    @Test
    void idleStreamsLetTheirParsersGoAfterTwoChecks() throws Exception {
        Server[] servers = pair(false);
        send(servers[0], "<message from='romeo@a.test/r' to='juliet@b.test' id='m1'><body>hi</body></message>");
        assertEquals("m1", servers[1].router().next().attr("id"));
        send(servers[1], "<message from='juliet@b.test/r' to='romeo@a.test' id='m2'><body>hi</body></message>");
        assertEquals("m2", servers[0].router().next().attr("id"));
        // Each stream now waits for input; the first check marks its parser, the second drops it.
        for (Server s : servers) {
            s.s2s().checkStreams();
            s.s2s().checkStreams();
        }
        for (Server s : servers) {
            List<S2SStream> held = s.s2s().openStreams().stream().filter(S2SStream::holdsParser).toList();
            assertTrue(held.isEmpty(), s.domain() + ": streams still holding a parser: " + held.stream().map(S2SStream::info).toList());
        }
        // A released parser is started anew at the next byte: the streams still carry stanzas both ways.
        send(servers[0], "<message from='romeo@a.test/r' to='juliet@b.test' id='m3'><body>again</body></message>");
        assertEquals("m3", servers[1].router().next().attr("id"));
        send(servers[1], "<message from='juliet@b.test/r' to='romeo@a.test' id='m4'><body>again</body></message>");
        assertEquals("m4", servers[0].router().next().attr("id"));
    }

    @Test
    void saslExternalWhenEachTrustsTheOthersCertificate() throws Exception {
        Server[] servers = pair(true);
        send(servers[0], "<message from='romeo@a.test/r' to='juliet@b.test' id='m1'><body>hi</body></message>");
        assertEquals("m1", servers[1].router().next().attr("id"));
        send(servers[1], "<message from='juliet@b.test/r' to='romeo@a.test' id='m2'><body>hi</body></message>");
        assertEquals("m2", servers[0].router().next().attr("id"));
        assertEquals("SASL EXTERNAL", streams(servers[0], "out").getFirst().auth());
        assertEquals("SASL EXTERNAL", streams(servers[1], "out").getFirst().auth());
    }

    @Test
    void aStanzaToAnUnknownDomainIsBouncedWithRemoteServerNotFound() throws Exception {
        Server a = pair(false)[0];
        send(a, "<message from='romeo@a.test/r' to='x@nowhere.test' id='u1'><body>?</body></message>");
        assertBounced(a.router().next(), "u1", "remote-server-not-found");
    }

    @Test
    void aStanzaToAClosedPortIsBouncedWithRemoteServerNotFound() throws Exception {
        int closed = freePort();
        Server a = start("a.test", 0, Map.of("closed.test", new PeerAddress("127.0.0.1", closed, false)), List.of(), "s", Duration.ofMinutes(10));
        send(a, "<iq from='romeo@a.test/r' to='closed.test' type='get' id='c1'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertBounced(a.router().next(), "c1", "remote-server-not-found");
    }

    @Test
    void stanzasQueuedWhenTheRemoteClosesMidwayAreAllBounced() throws Exception {
        CountDownLatch queued = new CountDownLatch(1);
        ServerSocket peer = new ServerSocket(0);
        toClose.add(peer);
        Thread.ofVirtual().start(() -> {
            try (Socket s = peer.accept()) {
                queued.await();
                s.getInputStream().read(new byte[100]);   // the header has begun; then the connection drops
            } catch (Exception e) {
                // the test sees what the service did
            }
        });
        Server a = start("a.test", 0, Map.of("flaky.test", new PeerAddress("127.0.0.1", peer.getLocalPort(), false)), List.of(), "s",
                Duration.ofMinutes(10));
        for (int i = 1; i <= 3; i++) send(a, "<message from='romeo@a.test/r' to='x@flaky.test' id='q" + i + "'><body>" + i + "</body></message>");
        queued.countDown();
        for (int i = 1; i <= 3; i++) assertBounced(a.router().next(), "q" + i, "remote-server-timeout");
    }

    @Test
    void dialbackElementsCarryTheDbPrefixForPeersThatMatchThemByName() throws Exception {
        ServerSocket peer = new ServerSocket(0);
        toClose.add(peer);
        Server a = start("a.test", 0, Map.of("raw.test", new PeerAddress("127.0.0.1", peer.getLocalPort(), false)), List.of(), "s",
                Duration.ofMinutes(10), false);
        send(a, "<message from='romeo@a.test/r' to='x@raw.test' id='p1'/>");
        try (Socket s = peer.accept()) {
            s.setSoTimeout((int) WAIT.toMillis());
            readUntil(s.getInputStream(), "version='1.0'");   // our stream header
            s.getOutputStream().write(("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' "
                    + "xmlns:db='jabber:server:dialback' from='raw.test' to='a.test' id='s1' version='1.0'><stream:features>"
                    + "<dialback xmlns='urn:xmpp:features:dialback'/></stream:features>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            // ejabberd (processone/xmpp) decodes dialback elements by their name, db:result, not by namespace.
            String sent = readUntil(s.getInputStream(), "result>");
            assertTrue(sent.contains("<db:result from=\"a.test\" to=\"raw.test\">") && sent.endsWith("</db:result>"), sent);
        }
    }

    /** What the peer sent, up to and including {@code end}. */
    private static String readUntil(java.io.InputStream in, String end) throws java.io.IOException {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) throw new java.io.EOFException("the stream ended after: " + seen);
            seen.append((char) b);
        }
        return seen.toString();
    }

    @Test
    void beyondTheQueueWhileTheStreamIsSetUpAStanzaIsBouncedAtOnce() throws Exception {
        ServerSocket silent = new ServerSocket(0);   // accepts, then never answers: the stream stays in its setup
        toClose.add(silent);
        Server a = start(new Settings("127.0.0.1", 0, false, true, true, List.of(), Map.of("slow.test",
                new PeerAddress("127.0.0.1", silent.getLocalPort(), false)), "s", 2, Duration.ofSeconds(20), Duration.ofMinutes(10), 262_144, 100), "a.test");
        for (int i = 1; i <= 3; i++) send(a, "<message from='romeo@a.test/r' to='x@slow.test' id='f" + i + "'/>");
        assertBounced(a.router().next(), "f3", "remote-server-timeout");
        assertEquals(2, streams(a, "out").getFirst().queued());
    }

    @Test
    void directTlsBothWaysWhenTheListenersAndRoutesSaySo() throws Exception {
        int pa = freePort();
        int pb = freePort();
        Server a = start(new Settings("127.0.0.1", pa, true, true, true, List.of(), Map.of("b.test", new PeerAddress("127.0.0.1", pb, true)),
                "secret of a", 100, Duration.ofSeconds(20), Duration.ofMinutes(10), 262_144, 100), "a.test");
        Server b = start(new Settings("127.0.0.1", pb, true, true, true, List.of(), Map.of("a.test", new PeerAddress("127.0.0.1", pa, true)),
                "secret of b", 100, Duration.ofSeconds(20), Duration.ofMinutes(10), 262_144, 100), "b.test");
        send(a, "<message from='romeo@a.test/r' to='juliet@b.test' id='d1'/>");
        assertEquals("d1", b.router().next().attr("id"));
        assertEquals("dialback", streams(a, "out").getFirst().auth());
    }

    @Test
    void anIdleStreamClosesAndTheNextStanzaOpensAnother() throws Exception {
        int pa = freePort();
        int pb = freePort();
        Server b = start("b.test", pb, Map.of("a.test", new PeerAddress("127.0.0.1", pa, false)), List.of(), "s", Duration.ofMinutes(10));
        Server a = start("a.test", pa, Map.of("b.test", new PeerAddress("127.0.0.1", pb, false)), List.of(), "s", Duration.ofSeconds(1));
        send(a, "<message from='romeo@a.test/r' to='juliet@b.test' id='i1'/>");
        assertEquals("i1", b.router().next().attr("id"));
        long first = awaitIdleClose(a);
        send(a, "<message from='romeo@a.test/r' to='juliet@b.test' id='i2'/>");
        assertEquals("i2", b.router().next().attr("id"));
        List<S2SStream.Info> out = streams(a, "out");
        assertTrue(out.isEmpty() || out.getFirst().id() != first, "a new stream: " + out);
    }

    /** Waits, within {@link #WAIT}, until the one outgoing stream is gone; returns the id it had. */
    private static long awaitIdleClose(Server s) throws InterruptedException {
        long id = -1;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<S2SStream.Info> out = streams(s, "out");
            if (out.isEmpty() && id != -1) return id;
            if (!out.isEmpty()) id = out.getFirst().id();
            Thread.sleep(50);
        }
        throw new AssertionError("the idle stream was not closed: " + streams(s, "out"));
    }

    @Test
    void anInvalidDialbackKeyIsRefusedAndNothingFromThatStreamIsRouted() throws Exception {
        Server[] servers = pair(false);
        try (RawServer raw = RawServer.open(servers[1], servers[0].certificates())) {
            raw.wire().write("<db:result from='a.test' to='b.test'>0000000000000000000000000000000000000000000000000000000000000000</db:result>");
            Element result = raw.next();
            assertEquals("result", result.name());
            assertEquals("invalid", result.attr("type"));
            raw.wire().write("<message from='romeo@a.test' to='juliet@b.test' id='x'/>");
            Element error = raw.next();
            assertEquals("error", error.name());
            assertEquals("not-authorized", error.firstElement().orElseThrow().name());
        }
        assertTrue(servers[1].router().routed.isEmpty(), "routed: " + servers[1].router().routed);
    }

    @Test
    void aStanzaFromADomainTheStreamIsNotAuthenticatedForEndsItWithInvalidFrom() throws Exception {
        Server[] servers = pair(false);
        try (RawServer raw = RawServer.open(servers[1], servers[0].certificates())) {
            String key = new DialbackKeys("secret of a").key("b.test", "a.test", raw.streamId());
            raw.wire().write("<db:result from='a.test' to='b.test'>" + key + "</db:result>");
            assertEquals("valid", raw.next().attr("type"));
            raw.wire().write("<message from='romeo@a.test/r' to='juliet@b.test' id='ok'/>");
            assertEquals("ok", servers[1].router().next().attr("id"));
            raw.wire().write("<message from='mallory@evil.test' to='juliet@b.test' id='spoofed'/>");
            Element error = raw.next();
            assertEquals("error", error.name());
            assertEquals("invalid-from", error.firstElement().orElseThrow().name());
        }
        assertTrue(servers[1].router().routed.isEmpty(), "routed: " + servers[1].router().routed);
    }

    /**
     * Two nodes of a cluster serving a.test, sharing claims as the cluster's table does, and a link
     * that hands a forwarded stanza to the other node's S2S service, as its router would.
     */
    @Test
    void theNodesOfAClusterShareOneStreamToARemoteDomainAndASurvivorClaimsItAnew() throws Exception {
        int p1 = freePort();
        int p2 = freePort();
        int pb = freePort();
        Map<String, PeerAddress> toB = Map.of("b.test", new PeerAddress("127.0.0.1", pb, false));
        Server b = start("b.test", pb, Map.of("a.test", new PeerAddress("127.0.0.1", p1, false)), List.of(), "secret of b", Duration.ofMinutes(10));
        Server n1 = start("a.test", p1, toB, List.of(), "secret of a", Duration.ofMinutes(10));
        Server n2 = start("a.test", p2, toB, List.of(), "secret of a", Duration.ofMinutes(10));
        Map<String, Server> members = new ConcurrentHashMap<>(Map.of("n1", n1, "n2", n2));
        Map<String, String> claims = new ConcurrentHashMap<>();
        NodeLink link = (node, from, to, stanza) -> {
            Server s = members.get(node);
            if (s == null) return false;
            s.s2s().route(from, to, stanza);
            return true;
        };
        members.forEach((node, server) -> {
            server.s2s().setS2STable(new SharedClaims(node, claims, members.keySet()));
            server.s2s().setNodeLink(link);
        });

        send(n2, "<message from='romeo@a.test/r' to='juliet@b.test' id='c1'/>");
        send(n1, "<message from='mercutio@a.test/r' to='juliet@b.test' id='c2'/>");   // while n2 sets its stream up, likely
        assertEquals("c1", b.router().next().attr("id"));
        assertEquals("c2", b.router().next().attr("id"), "n1's stanza, forwarded to n2, behind n2's own");
        assertEquals(Map.of("a.test b.test", "n2"), claims);
        assertEquals(List.of(), streams(n1, "out"), "n1 opened no stream of its own");
        assertEquals(1, streams(n2, "out").size());
        assertEquals(1, b.s2s().incoming(), "b.test sees one stream from the cluster: " + b.s2s().streams());

        members.remove("n2");   // n2 dies; its claim stays until the cluster sweeps it
        n2.s2s().stop();
        send(n1, "<message from='mercutio@a.test/r' to='juliet@b.test' id='c3'/>");
        assertEquals("c3", b.router().next().attr("id"), "over a stream of the survivor");
        assertEquals(Map.of("a.test b.test", "n1"), claims);
        assertEquals(1, streams(n1, "out").size());
    }

    /** What the stream of another node cannot deliver is bounced there, through its router, to the sender wherever it is. */
    @Test
    void aStanzaForwardedToTheNodeHoldingAFailedStreamIsBouncedToItsSender() throws Exception {
        int p1 = freePort();
        int p2 = freePort();
        Map<String, PeerAddress> closed = Map.of("nowhere.test", new PeerAddress("127.0.0.1", freePort(), false));
        Server n1 = start("a.test", p1, closed, List.of(), "secret of a", Duration.ofMinutes(10));
        Server n2 = start("a.test", p2, closed, List.of(), "secret of a", Duration.ofMinutes(10));
        Map<String, String> claims = new ConcurrentHashMap<>(Map.of("a.test nowhere.test", "n2"));
        n1.s2s().setS2STable(new SharedClaims("n1", claims, Set.of("n1", "n2")));
        n1.s2s().setNodeLink((node, from, to, stanza) -> {
            n2.s2s().route(from, to, stanza);
            return true;
        });
        n2.s2s().setS2STable(new SharedClaims("n2", claims, Set.of("n1", "n2")));

        send(n1, "<message from='romeo@a.test/r' to='juliet@nowhere.test' id='lost'/>");
        Element bounce = n2.router().next();
        assertBounced(bounce, "lost", "remote-server-not-found");
        assertTrue(n1.router().routed.isEmpty(), "n2's router routes it to romeo, on whichever node he is");
    }

    /** The cluster's claims in one map: first come holds the stream; a member that left loses it. */
    private record SharedClaims(String node, Map<String, String> claims, Set<String> members) implements S2STable {
        @Override
        public Optional<String> claim(String local, String remote) {
            String owner = claims.merge(local + ' ' + remote, node, (held, me) -> members.contains(held) ? held : me);
            return owner.equals(node) ? Optional.empty() : Optional.of(owner);
        }

        @Override
        public void release(String local, String remote) {
            claims.remove(local + ' ' + remote, node);
        }
    }

    private static void assertBounced(Element bounce, String id, String condition) {
        assertEquals(id, bounce.attr("id"));
        assertEquals("error", bounce.attr("type"));
        assertEquals("romeo@a.test/r", bounce.attr("to"));
        Element error = bounce.child("error").orElseThrow();
        assertEquals(condition, error.firstElement().orElseThrow().name(), bounce.toString());
    }

    /** A server stream written by hand: header, STARTTLS, header again; the test sends the rest. */
    private record RawServer(Wire wire, String streamId) implements AutoCloseable {

        static RawServer open(Server to, Certificates ours) throws Exception {
            StreamParser parser = new StreamParser(StreamLimits.DEFAULT);
            Socket socket = new Socket("127.0.0.1", to.s2s().port());
            socket.setSoTimeout((int) WAIT.toMillis());
            Wire wire = new Wire(socket, parser);
            wire.writeHeader("a.test", "b.test", "");
            wire.readHeader();
            assertEquals("features", wire.next().name());
            wire.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            assertEquals("proceed", wire.next().name());
            wire.startTls(new Tls(ours).client(socket, "a.test", "b.test", false));
            wire.writeHeader("a.test", "b.test", "");
            StreamHeader header = wire.readHeader();
            Element features = wire.next();
            assertTrue(features.child("dialback", Namespaces.DIALBACK_FEATURE).isPresent(), features.toString());
            return new RawServer(wire, header.id());
        }

        Element next() throws Exception {
            Element e = wire.next();
            assertNotNull(e, "the stream ended");
            return e;
        }

        @Override
        public void close() {
            wire.close();
        }
    }
}
