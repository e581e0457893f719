package xmpp.itest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNS server on a loopback UDP port, answering from a table, for peers (Prosody, ejabberd) that find
 * other servers only through DNS: {@code _xmpp-server._tcp.<domain>} SRV to a loopback port and
 * the domain's A record, 127.0.0.1. A name it has no record of is NXDOMAIN; another type of a
 * name it knows is an empty answer.
 */
final class LoopbackDns implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<String, List<Record>> answers = new ConcurrentHashMap<>();
    private final Thread responder;

    LoopbackDns() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        responder = Thread.ofVirtual().name("loopback-dns").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    /**
     * {@code domain}'s server at 127.0.0.1:{@code port}: two SRV records, the domain itself (with
     * its A record) first, then the target {@code 127.0.0.1}, for ejabberd, which asks DNS for SRV
     * records but the operating system for addresses, where the domain is unknown.
     */
    void xmppServer(String domain, int port) throws IOException {
        Name host = Name.fromString(domain + ".");
        Name srv = Name.fromString("_xmpp-server._tcp." + domain + ".");
        answers.put(key(srv, Type.SRV), List.of(new SRVRecord(srv, DClass.IN, 60, 0, 0, port, host),
                new SRVRecord(srv, DClass.IN, 60, 1, 0, port, Name.fromString("127.0.0.1."))));
        answers.put(key(host, Type.A), List.of(new ARecord(host, DClass.IN, 60, InetAddress.getByName("127.0.0.1"))));
    }

    private static String key(Name name, int type) {
        return name.toString().toLowerCase(java.util.Locale.ROOT) + "/" + type;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                socket.receive(in);
                Message query = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
                Record question = query.getQuestion();
                Message response = new Message(query.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.AA);
                if (query.getHeader().getFlag(Flags.RD)) response.getHeader().setFlag(Flags.RD);
                response.getHeader().setFlag(Flags.RA);
                response.addRecord(question, Section.QUESTION);
                List<Record> found = answers.get(key(question.getName(), question.getType()));
                if (found == null) response.getHeader().setRcode(answers.keySet().stream().anyMatch(k -> k.startsWith(
                        question.getName().toString().toLowerCase(java.util.Locale.ROOT) + "/")) ? Rcode.NOERROR : Rcode.NXDOMAIN);
                else for (Record r : found) response.addRecord(r, Section.ANSWER);
                byte[] out = response.toWire();
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) return;
                System.err.println("loopback DNS: a query it cannot answer (" + e.getMessage() + "); the peer asks again or fails, naming it");
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        responder.join(1000);
    }
}
