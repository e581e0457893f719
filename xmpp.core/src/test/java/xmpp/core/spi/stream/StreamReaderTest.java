package xmpp.core.spi.stream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import xmpp.core.stream.StreamError.Condition;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.Streams;
import xmpp.core.stream.XmlParseException;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;
import xmpp.core.xml.XmlOutput;

class StreamReaderTest {

    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
            + "to='localhost' version='1.0' xml:lang='en'>";
    static final StreamParser PARSER = new StreamParser(StreamLimits.DEFAULT);

    static StreamReader reader(String input) {
        return PARSER.open(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    }

    static XmlParseException refusedAfterHeader(String input) throws Exception {
        StreamReader r = reader(HEADER + input);
        r.readHeader();
        return assertThrows(XmlParseException.class, () -> {
            while (r.nextStanza() != null) { /* read on to the error */ }
        });
    }

    @Test
    void headerStanzasAndEnd() throws Exception {
        StreamReader r = reader(HEADER + " <message to='a@b'><body>hi</body></message>\n \t<presence/> </stream:stream>");
        StreamHeader header = r.readHeader();
        assertEquals("localhost", header.to());
        assertEquals("1.0", header.version());
        assertEquals("en", header.lang());
        assertEquals(Streams.CLIENT_NS, header.contentNamespace());
        assertEquals("stream", header.streamPrefix());
        Element message = r.nextStanza();
        assertEquals("<message to=\"a@b\"><body>hi</body></message>", message.toXml(), "content namespace not repeated");
        assertEquals("<presence/>", r.nextStanza().toXml());
        assertNull(r.nextStanza(), "</stream:stream>");
    }

    @Test
    void streamLevelElementsKeepTheStreamsNamespace() throws Exception {
        StreamReader r = reader(HEADER + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>"
                + StreamError.of(Condition.HOST_UNKNOWN, "no such host").toXml());
        r.readHeader();
        Element features = r.nextStanza();
        assertEquals("features", features.name());
        assertEquals(Streams.STREAMS_NS, features.namespace());
        StreamError error = StreamError.from(r.nextStanza());
        assertEquals(Condition.HOST_UNKNOWN, error.condition());
        assertEquals("no such host", error.text());
    }

    @Test
    void stanzasArriveAsSoonAsTheyAreComplete() throws Exception {
        PipedOutputStream peer = new PipedOutputStream();
        StreamReader r = PARSER.open(new PipedInputStream(peer, 65536));
        CompletableFuture<StreamHeader> header = CompletableFuture.supplyAsync(() -> call(r::readHeader));
        peer.write(HEADER.getBytes(StandardCharsets.UTF_8));
        peer.flush();
        assertEquals("localhost", header.get(10, TimeUnit.SECONDS).to(), "the header alone, no more input");
        CompletableFuture<Element> stanza = CompletableFuture.supplyAsync(() -> call(r::nextStanza));
        peer.write("<message><body>one</bo".getBytes(StandardCharsets.UTF_8));
        peer.flush();
        Thread.sleep(100);
        assertTrue(!stanza.isDone(), "half a stanza is not a stanza");
        peer.write("dy></message>".getBytes(StandardCharsets.UTF_8));
        peer.flush();
        assertEquals("one", stanza.get(10, TimeUnit.SECONDS).child("body").orElseThrow().text());
        peer.close();
    }

    @Test
    void restartReadsANewHeaderOnTheSameConnection() throws Exception {
        // After SASL success the client opens a new stream on the same bytes, without closing
        // the old one, once it has seen <success/>: hence the pipe, written step by step.
        PipedOutputStream peer = new PipedOutputStream();
        StreamReader r = PARSER.open(new PipedInputStream(peer, 65536));
        peer.write((HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>").getBytes(StandardCharsets.UTF_8));
        peer.flush();
        r.readHeader();
        assertEquals("auth", r.nextStanza().name());
        peer.write((HEADER.replace("<?xml version='1.0'?>", "") + "<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
                .getBytes(StandardCharsets.UTF_8));
        peer.flush();
        assertEquals("localhost", r.readHeader().to());
        assertEquals("b", r.nextStanza().attr("id"));
        peer.close();
    }

    @Test
    void keepalivesAreSkipped() throws Exception {
        StreamReader r = reader(HEADER + "<message/>" + " ".repeat(200 * 1024) + "<presence/>" + " \n".repeat(100 * 1024) + "<iq/>");
        r.readHeader();
        assertEquals("message", r.nextStanza().name());
        assertEquals("presence", r.nextStanza().name(), "whitespace between stanzas does not add to the next one's size");
        assertEquals("iq", r.nextStanza().name());
    }

    @Test
    void aFloodOfWhitespaceIsAPolicyViolation() throws Exception {
        assertEquals(Condition.POLICY_VIOLATION, refusedAfterHeader(" ".repeat(300 * 1024) + "<presence/>").condition());
    }

    @Test
    void badStreamHeaders() {
        assertEquals(Condition.INVALID_NAMESPACE, assertThrows(XmlParseException.class,
                () -> reader("<stream:stream xmlns:stream='urn:wrong' xmlns='jabber:client'>").readHeader()).condition());
        assertEquals(Condition.BAD_FORMAT, assertThrows(XmlParseException.class,
                () -> reader("<stream:strom xmlns:stream='http://etherx.jabber.org/streams'>").readHeader()).condition());
        assertEquals(Condition.UNSUPPORTED_ENCODING, assertThrows(XmlParseException.class,
                () -> reader("<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER.substring(HEADER.indexOf("<stream"))).readHeader()).condition());
        assertThrows(java.io.EOFException.class, () -> reader("").readHeader(), "nothing at all: a connection that closed");
    }

    @Test
    void badInputInsideTheStream() throws Exception {
        assertEquals(Condition.NOT_WELL_FORMED, refusedAfterHeader("<message><body>hi</message>").condition());
        assertEquals(Condition.NOT_WELL_FORMED, refusedAfterHeader("<message><body>hi").condition(), "truncated inside a stanza");
        assertEquals(Condition.RESTRICTED_XML, refusedAfterHeader("<!-- c --><presence/>").condition(), "comment between stanzas");
        assertEquals(Condition.RESTRICTED_XML, refusedAfterHeader("<?pi x?>").condition());
        assertEquals(Condition.RESTRICTED_XML, refusedAfterHeader("<message>&ent;</message>").condition());
        assertEquals(Condition.BAD_FORMAT, refusedAfterHeader("hello").condition(), "text outside a stanza");
        assertEquals(Condition.POLICY_VIOLATION, refusedAfterHeader("<message><body>" + "x".repeat(300_000) + "</body></message>").condition());
        assertEquals(Condition.POLICY_VIOLATION, refusedAfterHeader("<message>" + "<a>".repeat(70)).condition());
    }

    /** {@code <a/>} is 4 bytes on the wire and an Element in the heap: 256 KiB of them would be some 65,000 objects. */
    @Test
    void manySmallElementsInOneStanzaAreAPolicyViolation() throws Exception {
        XmlParseException children = refusedAfterHeader("<message>" + "<a/>".repeat(2000) + "</message>");
        assertEquals(Condition.POLICY_VIOLATION, children.condition());
        assertTrue(children.getMessage().contains("1024 child elements"), children.getMessage());
        String wide = "<a>" + "<b/>".repeat(1000) + "</a>";   // 1001 elements, each within the children limit
        XmlParseException elements = refusedAfterHeader("<message>" + wide.repeat(5) + "</message>");
        assertEquals(Condition.POLICY_VIOLATION, elements.condition());
        assertTrue(elements.getMessage().contains("4096 elements"), elements.getMessage());

        StreamReader r = reader(HEADER + "<message>" + "<a><b/><b/></a>".repeat(1000) + "</message><presence/>");
        r.readHeader();
        assertEquals(1000, r.nextStanza().elements().size(), "up to the limits a stanza is read whole");
        assertEquals("presence", r.nextStanza().name(), "and the count starts again with the next stanza");
    }

    @Test
    void inputEndingBetweenStanzasIsALostConnection() throws Exception {
        StreamReader r = reader(HEADER + "<presence/>");
        r.readHeader();
        assertEquals("presence", r.nextStanza().name());
        assertThrows(java.io.EOFException.class, r::nextStanza, "the peer dropped the connection; no XML is wrong");
    }

    @Test
    void invalidUtf8IsNotWellFormed() throws Exception {
        byte[] head = (HEADER + "<message><body>").getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[head.length + 3];
        System.arraycopy(head, 0, input, 0, head.length);
        input[head.length] = (byte) 0xC3;     // a lead byte
        input[head.length + 1] = (byte) 0x28; // not a continuation byte
        input[head.length + 2] = '<';
        StreamReader r = PARSER.open(new ByteArrayInputStream(input));
        XmlParseException e = assertThrows(XmlParseException.class, () -> {
            r.readHeader();   // Woodstox decodes what it has read, so the error may come this early
            r.nextStanza();
        });
        assertEquals(Condition.NOT_WELL_FORMED, e.condition());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void tenThousandBytesOfGarbage() throws Exception {
        byte[] garbage = new byte[10_000];
        new Random(42).nextBytes(garbage);
        StreamReader r = PARSER.open(new ByteArrayInputStream(garbage));
        XmlParseException e = assertThrows(XmlParseException.class, () -> {
            r.readHeader();
            while (r.nextStanza() != null) { /* read on to the error */ }
        });
        assertTrue(e.getMessage().length() > 10, e.getMessage());
    }

    @Test
    void aFailingConnectionIsAnIOExceptionNotAParseError() throws Exception {
        InputStream dying = new InputStream() {
            private final InputStream header = new ByteArrayInputStream(HEADER.getBytes(StandardCharsets.UTF_8));

            @Override
            public int read() throws IOException {
                int b = header.read();
                if (b < 0) throw new IOException("connection reset");
                return b;
            }
        };
        StreamReader r = PARSER.open(dying);
        r.readHeader();
        assertEquals("connection reset", assertThrows(IOException.class, r::nextStanza).getMessage());
    }

    @Test
    void everyParsedStanzaRoundTrips() throws Exception {
        String[] stanzas = {
            "<message to='juliet@example.com' type='chat' xml:lang='en'><body>Wherefore art thou, Romeo? &lt;3 &amp; ☺</body>"
                    + "<thread>e0ffe42b</thread><x xmlns='jabber:x:data' type='form'><field var='a'><value>1</value></field></x></message>",
            "<iq type='get' id='r1'><query xmlns='jabber:iq:roster' ver='ver7'/></iq>",
            "<presence><show>away</show><status>  spaced  \n out </status><priority>-1</priority>"
                    + "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v='/></presence>",
        };
        StringBuilder in = new StringBuilder(HEADER);
        for (String s : stanzas) in.append(s);
        StreamReader r = reader(in.toString());
        r.readHeader();
        for (String s : stanzas) {
            Element parsed = r.nextStanza();
            XmlOutput out = new XmlOutput().element(parsed);
            StreamReader again = reader(HEADER + out);
            again.readHeader();
            assertEquals(parsed, again.nextStanza(), s);
            assertEquals(parsed, XmlStreams.parseElement(parsed.toXml()));
        }
    }

    @Test
    void anIdleStreamHoldsNoParserAndReadsOnInItsNamespaces() throws Exception {
        String header = HEADER.replace("to='localhost'", "to='localhost' xmlns:x='urn:x'");
        StreamReader r = PARSER.open(new Pauses(header, "<message><body>é😀</body></message>", "<x:y/>", "<message><body>two</body></message><presence/>",
                " ", "\n<iq type='get' id='1'/>", "</stream:stream>"));
        r.readHeader();
        idleForTwoChecks(r);
        assertTrue(!r.holdsParser(), "nothing more at hand after the header");
        assertEquals("é😀", r.nextStanza().child("body").orElseThrow().text());
        idleForTwoChecks(r);
        assertTrue(!r.holdsParser(), "a stanza with characters of two and four bytes, then a pause");
        Element prefixed = r.nextStanza();
        idleForTwoChecks(r);
        assertEquals("urn:x", prefixed.namespace(), "a prefix the stream header declared");
        assertEquals("<message><body>two</body></message>", r.nextStanza().toXml(), "the content namespace is still the stream's");
        assertTrue(r.holdsParser(), "the next stanza is at hand: the parser stays");
        assertEquals("presence", r.nextStanza().name());
        idleForTwoChecks(r);
        assertEquals("iq", r.nextStanza().name(), "after a keepalive on its own");
        idleForTwoChecks(r);
        assertNull(r.nextStanza(), "</stream:stream> closes the stream the new parser was started in");
    }

    @Test
    void aStreamThatPausesBrieflyReadsOnInTheSameParser() throws Exception {
        // Error locations count from the parser's start: line 2 is only known to the parser that read line 1.
        StreamReader r = PARSER.open(new Pauses(HEADER, "<presence>\n</presence>", "<message><body>hi</message>"));
        r.readHeader();
        r.nextStanza();
        assertTrue(r.holdsParser(), "a pause that no periodic check has seen yet");
        r.releaseIdleParser();
        assertTrue(r.holdsParser(), "one check: the stream may have paused just before it");
        XmlParseException e = assertThrows(XmlParseException.class, r::nextStanza);
        assertTrue(e.getMessage().startsWith("line 2,"), e.getMessage());
    }

    @Test
    void aStreamIdleForTwoChecksLetsItsParserGoAndReadsOnInANewOne() throws Exception {
        StreamReader r = PARSER.open(new Pauses(HEADER, "<presence>\n</presence>", "<message><body>hi</message>"));
        r.readHeader();
        r.nextStanza();
        idleForTwoChecks(r);
        assertTrue(!r.holdsParser());
        XmlParseException e = assertThrows(XmlParseException.class, r::nextStanza);
        assertEquals(Condition.NOT_WELL_FORMED, e.condition());
        assertTrue(e.getMessage().startsWith("line 1,"), "a new parser, counting from its restart: " + e.getMessage());
    }

    @Test
    void aStreamThatGoesOnBetweenTwoChecksKeepsItsParser() throws Exception {
        StreamReader r = PARSER.open(new Pauses(HEADER, "<presence/>", "<presence/>", "<message/>"));
        r.readHeader();
        r.releaseIdleParser();
        r.nextStanza();
        r.releaseIdleParser();
        assertTrue(r.holdsParser(), "idle since one check only: the pause after the header ended before this one");
    }

    /** The periodic check, twice while the stream waits: a parser kept aside since the first goes at the second. */
    private static void idleForTwoChecks(StreamReader r) {
        r.releaseIdleParser();
        r.releaseIdleParser();
    }

    @Test
    void aStanzaCutByAPauseInsideACharacterIsReadWhole() throws Exception {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        StreamReader r = PARSER.open(new Pauses(List.of(utf8(HEADER), utf8("<message><body>"), new byte[] {e[0]}, new byte[] {e[1]},
                utf8("</body></message>"), utf8("<presence/>"))));
        r.readHeader();
        assertEquals("é", r.nextStanza().child("body").orElseThrow().text());
        assertEquals("presence", r.nextStanza().name());
    }

    @Test
    void errorsAfterAPauseAreStillStreamErrors() throws Exception {
        StreamReader r = PARSER.open(new Pauses(HEADER, "<presence/>", "<message><body>hi</message>"));
        r.readHeader();
        r.nextStanza();
        assertEquals(Condition.NOT_WELL_FORMED, assertThrows(XmlParseException.class, r::nextStanza).condition());
        StreamReader text = PARSER.open(new Pauses(HEADER, "<presence/>", "  hello"));
        text.readHeader();
        text.nextStanza();
        assertEquals(Condition.BAD_FORMAT, assertThrows(XmlParseException.class, text::nextStanza).condition());
        StreamReader dropped = PARSER.open(new Pauses(HEADER, "<presence/>", " "));
        dropped.readHeader();
        dropped.nextStanza();
        assertThrows(java.io.EOFException.class, dropped::nextStanza, "the connection ended after a keepalive");
    }

    @Test
    void aFloodOfWhitespaceAfterAPauseIsAPolicyViolation() throws Exception {
        StreamReader r = PARSER.open(new Pauses(HEADER, "<presence/>", " ".repeat(300 * 1024) + "<presence/>"));
        r.readHeader();
        r.nextStanza();
        assertEquals(Condition.POLICY_VIOLATION, assertThrows(XmlParseException.class, r::nextStanza).condition());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Input that arrives in pieces, with a pause after each: nothing more is available until the next is read. */
    private static final class Pauses extends InputStream {
        private final Deque<ByteArrayInputStream> pieces = new ArrayDeque<>();

        Pauses(String... pieces) {
            this(Stream.of(pieces).map(StreamReaderTest::utf8).toList());
        }

        Pauses(List<byte[]> pieces) {
            for (byte[] p : pieces) this.pieces.add(new ByteArrayInputStream(p));
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (!pieces.isEmpty() && pieces.peek().available() == 0) pieces.poll();
            return pieces.isEmpty() ? -1 : pieces.peek().read(b, off, len);
        }

        @Override
        public int available() {
            return pieces.isEmpty() ? 0 : pieces.peek().available();
        }
    }

    private static <T> T call(java.util.concurrent.Callable<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }
}
