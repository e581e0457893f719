package xmpp.s2s.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSocket;
import xmpp.core.spi.stream.StreamHeader;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.spi.stream.StreamReader;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.Streams;
import xmpp.core.stream.XmlParseException;
import xmpp.core.xml.Element;
import xmpp.core.xml.Xml;
import xmpp.core.xml.XmlOutput;

/**
 * One TCP connection to or from another server, with TLS once negotiated: the hardened
 * parser of the client listener reads it, and writes are whole elements under a lock, so the
 * reading thread and the writing thread never interleave bytes.
 */
final class Wire implements AutoCloseable {

    private static final System.Logger log = System.getLogger(Wire.class.getName());

    private final Socket raw;   // under any TLS: closing it never waits for a stuck writer
    private final StreamParser parser;
    private final String peer;
    private Socket socket;
    private OutputStream out;
    private volatile StreamReader reader;   // replaced at STARTTLS; the service's periodic check reads it
    private volatile String tlsProtocol = "";
    private List<X509Certificate> peerChain = List.of();

    Wire(Socket raw, StreamParser parser) throws IOException {
        this.raw = raw;
        this.socket = raw;
        this.parser = parser;
        this.peer = raw.getInetAddress().getHostAddress() + ":" + raw.getPort();
        open();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(socket.getOutputStream(), 4096);
        reader = parser.open(socket.getInputStream());
    }

    /**
     * Switches to TLS; a fresh parser reads what follows, so bytes the peer sent before the
     * handshake are never taken for encrypted ones (the STARTTLS injection attacks).
     */
    void startTls(SSLSocket tls) throws IOException {
        socket = tls;
        tlsProtocol = tls.getSession().getProtocol();
        peerChain = Tls.peerChain(tls);
        reader.close();
        open();
    }

    Socket socket() {
        return socket;
    }

    String peer() {
        return peer;
    }

    boolean isTls() {
        return !tlsProtocol.isEmpty();
    }

    String tlsProtocol() {
        return tlsProtocol;
    }

    List<X509Certificate> peerChain() {
        return peerChain;
    }

    /** From the service's periodic check: a stream that has waited since the last check lets its parser go. */
    void releaseIdleParser() {
        reader.releaseIdleParser();
    }

    boolean holdsParser() {
        return reader.holdsParser();
    }

    StreamHeader readHeader() throws XmlParseException, IOException {
        return reader.readHeader();
    }

    /** The next element, or null when the peer closed its stream. */
    Element next() throws XmlParseException, IOException {
        return reader.nextStanza();
    }

    /** A stream header in {@code jabber:server}, with the dialback namespace declared, as older servers look for it. */
    void writeHeader(String from, String to, String id) throws IOException {
        write("<?xml version='1.0'?><stream:stream xmlns='" + Streams.SERVER_NS + "' xmlns:stream='" + Streams.STREAMS_NS
                + "' xmlns:db='" + Namespaces.DIALBACK + "'" + attr("from", from) + attr("to", to) + attr("id", id)
                + " version='1.0' xml:lang='en'>");
    }

    private static String attr(String name, String value) {
        return value == null || value.isEmpty() ? "" : " " + name + "='" + Xml.escape(value) + "'";
    }

    void writeFeatures(List<Element> features) throws IOException {
        XmlOutput x = new XmlOutput().raw("<stream:features>");
        for (Element f : features) x.element(f);
        write(x.raw("</stream:features>"));
    }

    void write(Element element) throws IOException {
        write(new XmlOutput(256).element(element));
    }

    void write(String markup) throws IOException {
        write(new XmlOutput(markup.length()).raw(markup));
    }

    private synchronized void write(XmlOutput x) throws IOException {
        x.writeTo(out);
        out.flush();
    }

    /** Ends our stream: the error if any, then the closing tag; a peer that has gone is no reason to complain. */
    void end(StreamError error) {
        try {
            write((error == null ? "" : error.toXml()) + "</stream:stream>");
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "could not end the stream with {0}: {1}", peer, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (reader != null) reader.close();
        try {
            raw.close();
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "closing {0}: {1}", peer, e.getMessage());
        }
    }
}
