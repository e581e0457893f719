package xmpp.mod.proxy65.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class Proxy65Test {

    record Sent(Jid to, Element stanza) {
    }

    final Jid initiator = Jid.of("juliet@localhost/balcony");
    final Jid target = Jid.of("romeo@localhost/garden");
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final List<Socket> clients = new ArrayList<>();
    Socks5Proxy proxy;
    Bytestreams bytestreams;

    void start(int maxConnections, Duration activationTimeout) throws IOException {
        proxy = new Socks5Proxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new Socks5Proxy.Limits(maxConnections, activationTimeout)).start();
        bytestreams = new Bytestreams((from, to, stanza) -> sent.add(new Sent(to, stanza)), proxy, "localhost"::equals, "", proxy.port());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : clients) s.close();
        if (proxy != null) proxy.close();
    }

    /** A client's side of XEP-0065 section 6.3.3: SOCKS5 without authentication, CONNECT to the hash; the proxy's reply. */
    Socket connect(String hash) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        clients.add(s);
        s.setSoTimeout(20_000);
        byte[] address = hash.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(new byte[] {5, 1, 0});
        byte[] request = new byte[7 + address.length];
        request[0] = 5;
        request[1] = 1;
        request[3] = 3;
        request[4] = (byte) address.length;
        System.arraycopy(address, 0, request, 5, address.length);
        s.getOutputStream().write(request);
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] method = new byte[2];
        in.readFully(method);
        assertArrayEquals(new byte[] {5, 0}, method, "no authentication");
        byte[] reply = new byte[request.length];
        in.readFully(reply);
        assertEquals(0, reply[1], "CONNECT succeeded");
        return s;
    }

    void send(Jid from, String xml) throws Exception {
        Element stanza = XmlStreams.parseElement(xml).withAttr("from", from.toString()).withAttr("to", "proxy.localhost");
        bytestreams.route(from, Jid.of("proxy.localhost"), stanza);
    }

    Element last() {
        return sent.getLast().stanza();
    }

    static String error(Element stanza) {
        return stanza.child("error").map(e -> e.elements().getFirst().name()).orElse("none");
    }

    String activation(String sid) {
        return "<iq type='set' id='a'><query xmlns='http://jabber.org/protocol/bytestreams' sid='" + sid + "'><activate>"
                + target + "</activate></query></iq>";
    }

    @Test
    void theProxyGivesItsAddressToLocalUsersOnly() throws Exception {
        start(10, Duration.ofMinutes(1));
        send(initiator, "<iq type='get' id='q'><query xmlns='http://jabber.org/protocol/bytestreams'/></iq>");
        Element host = last().child("query", Bytestreams.NS).flatMap(q -> q.child("streamhost")).orElseThrow();
        assertEquals("proxy.localhost", host.attr("jid"));
        assertEquals("localhost", host.attr("host"));
        assertEquals(Integer.toString(proxy.port()), host.attr("port"));
        assertEquals(initiator, sent.getLast().to());

        send(Jid.of("mallory@elsewhere.example/x"), "<iq type='get' id='q'><query xmlns='http://jabber.org/protocol/bytestreams'/></iq>");
        assertEquals("forbidden", error(last()));
    }

    @Test
    void anActivatedSessionRelaysTheFileToTheTargetUntilItsEnd() throws Exception {
        start(10, Duration.ofMinutes(1));
        String hash = Bytestreams.hash("s1", initiator, target);
        Socket targetSide = connect(hash);
        Socket initiatorSide = connect(hash);
        send(initiator, activation("s1"));
        assertEquals("result", last().attr("type"));
        assertEquals("a", last().attr("id"));

        byte[] file = "O Romeo, Romeo, wherefore art thou Romeo?".repeat(1000).getBytes(StandardCharsets.UTF_8);
        initiatorSide.getOutputStream().write(file);
        initiatorSide.shutdownOutput();
        assertArrayEquals(file, targetSide.getInputStream().readAllBytes(), "the whole file, then the end of the stream");
    }

    @Test
    void aSessionIsActivatedOnlyWithBothPartiesConnectedAndOnlyByItsInitiator() throws Exception {
        start(10, Duration.ofMinutes(1));
        String hash = Bytestreams.hash("s2", initiator, target);
        connect(hash);
        send(initiator, activation("s2"));
        assertEquals("not-allowed", error(last()), "the initiator has not connected yet");
        connect(hash);
        send(Jid.of("nurse@localhost/kitchen"), activation("s2"));
        assertEquals("not-allowed", error(last()), "another user's hash is another session");
        send(initiator, "<iq type='set' id='b'><query xmlns='http://jabber.org/protocol/bytestreams' sid='s2'/></iq>");
        assertEquals("bad-request", error(last()));
        send(initiator, activation("s2"));
        assertEquals("result", last().attr("type"));
    }

    @Test
    void connectionsBeyondTheLimitAreRefused() throws Exception {
        start(2, Duration.ofMinutes(1));
        connect(Bytestreams.hash("s3", initiator, target));
        connect(Bytestreams.hash("s3", initiator, target));
        Socket third = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        clients.add(third);
        third.setSoTimeout(20_000);
        third.getOutputStream().write(new byte[] {5, 1, 0});
        assertEquals(-1, read(third.getInputStream()), "closed without an answer");
    }

    @Test
    void aSessionThatIsNotActivatedInTimeIsClosed() throws Exception {
        start(10, Duration.ofSeconds(1));
        Socket waiting = connect(Bytestreams.hash("s4", initiator, target));
        assertEquals(-1, read(waiting.getInputStream()));
        send(initiator, activation("s4"));
        assertEquals("not-allowed", error(last()), "the session is gone");
    }

    private static int read(InputStream in) {
        try {
            return in.read();
        } catch (IOException reset) {   // closed by the proxy: some systems tell the client with a reset
            return -1;
        }
    }
}
