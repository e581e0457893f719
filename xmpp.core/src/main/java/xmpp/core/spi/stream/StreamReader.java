package xmpp.core.spi.stream;

import com.ctc.wstx.exc.WstxEOFException;
import com.ctc.wstx.exc.WstxException;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLStreamReader2;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.Streams;
import xmpp.core.stream.XmlParseException;
import xmpp.core.xml.Element;
import xmpp.core.xml.Xml;

/**
 * Reads one connection's XML stream: {@link #readHeader()} blocks for the opening
 * {@code <stream:stream>}, then each {@link #nextStanza()} blocks for one whole top-level
 * element, until {@code </stream:stream>}. Nothing beyond the stanza being read is held in
 * memory. One thread reads a connection, so this class is not thread-safe.
 *
 * <p>A stream that stays idle holds no parser. When the parser has parsed all it was given and
 * the input has nothing more at hand after a header or a stanza, the next {@link #nextStanza()}
 * waits for the next byte itself, outside the parser, which is kept aside meanwhile: the byte
 * goes on into the same parser. {@link #releaseIdleParser()}, called periodically by the
 * connection's owner, drops a parser that has been kept aside since its previous call; a
 * stream that has waited that long starts a new parser inside the stream at its next byte
 * (fed the stream's start tag with its namespace declarations first). So a client that sends
 * often keeps its parser, and Woodstox's reader, its buffers and symbol table are not held by
 * a stream that has been idle for a tick. Error locations count from a restart.
 *
 * <p>Elements come out in the seed's namespace form (see {@link Element}): a stanza in the
 * stream's content namespace carries no {@code xmlns}, so the same stanza can be written into
 * a {@code jabber:client} or a {@code jabber:server} stream.
 *
 * <p>Errors: {@link XmlParseException} for XML that must end the stream, with the stream error
 * to send; {@link IOException} only when the connection itself fails.
 */
public final class StreamReader implements AutoCloseable {

    /**
     * How often a connection's owner calls {@link #releaseIdleParser()} (the client and
     * server-to-server listeners alike): a stream idle for one to two periods lets its parser go,
     * while one that sends more often keeps it.
     */
    public static final long IDLE_CHECK_MILLIS = 1000;

    // Woodstox's read-ahead is not counted for the next stanza (see ByteBudget); 4 bytes per char covers it.
    private static final int READ_AHEAD_SLACK = 2 * 4 * StreamParser.INPUT_BUFFER_CHARS;

    private final StreamParser parser;
    private final ByteBudget input;
    private ParserFeed feed;   // what xml reads through
    private XMLStreamReader2 xml;
    private final AtomicReference<Kept> kept = new AtomicReference<>();   // the parser while waiting outside it
    private String contentNamespace = "";
    private byte[] streamStartTag;   // to resume inside the stream with a new parser; null before a header

    StreamReader(StreamParser parser, InputStream in) {
        this.parser = parser;
        this.input = new ByteBudget(in, (long) parser.limits().maxStanzaBytes() + READ_AHEAD_SLACK);
    }

    /**
     * Reads the stream header ({@link java.io.EOFException} if the input ends before one). Call it again after a stream restart (RFC 6120 section 4.3.3,
     * after SASL): the peer then starts a new XML document on the same connection. Bytes the
     * peer sent before the restart was due are discarded, as the RFC requires it to wait.
     */
    public StreamHeader readHeader() throws XmlParseException, IOException {
        closeParser();
        streamStartTag = null;
        input.startStanza();
        try {
            feed = new ParserFeed(null, input);
            xml = (XMLStreamReader2) parser.factory().createXMLStreamReader(feed, "UTF-8");
            String encoding = xml.getCharacterEncodingScheme();
            if (encoding != null && !encoding.equalsIgnoreCase("UTF-8"))
                throw error(StreamError.Condition.UNSUPPORTED_ENCODING, "encoding " + encoding + " declared; XMPP streams are UTF-8");
            if ("1.1".equals(xml.getVersion()))
                throw error(StreamError.Condition.BAD_FORMAT, "XML 1.1 declared; XMPP streams are XML 1.0");
            int event;
            try {
                event = nextTopLevel();
            } catch (WstxEOFException e) {
                throw new java.io.EOFException("the connection ended before a stream header");
            }
            if (event != XMLStreamConstants.START_ELEMENT)
                throw error(StreamError.Condition.BAD_FORMAT, "expected the stream header, got the end of the stream");
            if (!Streams.STREAMS_NS.equals(xml.getNamespaceURI()))
                throw error(StreamError.Condition.INVALID_NAMESPACE, "stream header in namespace '" + nullToEmpty(xml.getNamespaceURI())
                        + "', expected '" + Streams.STREAMS_NS + "'");
            if (!"stream".equals(xml.getLocalName()))
                throw error(StreamError.Condition.BAD_FORMAT, "expected <stream>, got <" + xml.getLocalName() + ">");
            contentNamespace = nullToEmpty(xml.getNamespaceContext().getNamespaceURI(XMLConstants.DEFAULT_NS_PREFIX));
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < xml.getAttributeCount(); i++) attributes.put(attributeName(i), xml.getAttributeValue(i));
            streamStartTag = startTagWithNamespaces();
            StreamHeader header = new StreamHeader(attributes, contentNamespace, nullToEmpty(xml.getPrefix()));
            input.startStanza();
            letGoIfIdle();
            return header;
        } catch (XMLStreamException e) {
            throw classify(e);
        }
    }

    /**
     * The next stanza, or {@code null} when the peer closed the stream with
     * {@code </stream:stream>}. Whitespace between stanzas (keepalives) is skipped.
     *
     * @throws java.io.EOFException when the input ends between stanzas without closing the
     *         stream: the peer dropped the connection, which is not an XML error
     */
    public Element nextStanza() throws XmlParseException, IOException {
        if (streamStartTag == null) throw new IllegalStateException("readHeader() first");
        try {
            if (xml == null) goOn(nextByteAfterWhitespace());
            int event;
            try {
                event = nextTopLevel();
            } catch (WstxEOFException e) {
                throw new java.io.EOFException("the connection ended without closing the stream");
            }
            if (event == XMLStreamConstants.END_ELEMENT) return null;
            Element stanza = readTree(contentNamespace);
            input.startStanza();
            letGoIfIdle();
            return stanza;
        } catch (XMLStreamException e) {
            throw classify(e);
        }
    }

    /** For {@link StreamParser#parseElement}: one element, then the end of the input. */
    Element readDocument() throws XmlParseException, IOException {
        try {
            xml = (XMLStreamReader2) parser.factory().createXMLStreamReader(input, "UTF-8");
            int event = nextTopLevel();
            if (event != XMLStreamConstants.START_ELEMENT) throw error(StreamError.Condition.NOT_WELL_FORMED, "no element in the input");
            Element element = readTree("");
            if (nextTopLevel() != XMLStreamConstants.END_DOCUMENT)
                throw error(StreamError.Condition.NOT_WELL_FORMED, "more than one element in the input");
            return element;
        } catch (XMLStreamException e) {
            throw classify(e);
        }
    }

    /**
     * Puts the parser aside, for {@link #releaseIdleParser()} to drop, when it has parsed all the
     * input it has read (so nothing of the stream goes with it) and no more is at hand.
     */
    private void letGoIfIdle() throws XMLStreamException, IOException {
        if (xml.getLocationInfo().getEndingCharOffset() != feed.units() || input.available() > 0) return;
        kept.set(new Kept(feed, xml));
        xml = null;
        feed = null;
    }

    /**
     * Drops the parser of a stream that has waited for input since the previous call, from any
     * thread; called every {@link #IDLE_CHECK_MILLIS} by the listeners, so a stream idle for
     * one to two periods lets its parser go. Not closed: close() would hand its buffers to
     * Woodstox's per-thread recycler, which would keep them for the calling thread.
     */
    public void releaseIdleParser() {
        Kept waiting = kept.get();
        if (waiting == null) return;
        if (waiting.seenIdle) kept.compareAndSet(waiting, null);
        else waiting.seenIdle = true;
    }

    /**
     * Whether the next {@link #nextStanza()} waits for its first byte outside the parser: after a
     * stanza (or the header) that left no input at hand. A connection's owner may then wait for
     * input its own way, or without a thread, and call {@link #nextStanza()} when bytes come.
     */
    public boolean betweenStanzas() {
        return xml == null && streamStartTag != null;
    }

    /** Whether a parser is open or kept aside (for tests of a connection's owner: an idle stream holds none). */
    public boolean holdsParser() {
        return xml != null || kept.get() != null;
    }

    /** The stream goes on with {@code first}: in the parser kept aside, or in a new one if it was released. */
    private void goOn(int first) throws XMLStreamException {
        Kept waiting = kept.getAndSet(null);
        if (waiting == null) {
            resumeParser(first);
            return;
        }
        feed = waiting.feed;
        xml = waiting.xml;
        feed.then((byte) first);
    }

    /**
     * Waits for the stream to go on, outside the parser. Whitespace between stanzas (keepalives)
     * is skipped here, and counts towards the next stanza's size until the input pauses, as it
     * would inside the parser.
     */
    private int nextByteAfterWhitespace() throws IOException, XmlParseException {
        while (true) {
            int b;
            try {
                b = input.read();
            } catch (ByteBudget.Exceeded e) {
                throw new XmlParseException(StreamError.Condition.POLICY_VIOLATION, "stanza too large: " + e.getMessage(), e);
            }
            if (b < 0) throw new java.io.EOFException("the connection ended without closing the stream");
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') return b;
            if (input.available() == 0) input.startStanza();
        }
    }

    /** A new parser, inside the stream again: it reads the stream's start tag, then {@code first}, then the input. */
    private void resumeParser(int first) throws XMLStreamException {
        byte[] start = Arrays.copyOf(streamStartTag, streamStartTag.length + 1);
        start[streamStartTag.length] = (byte) first;
        feed = new ParserFeed(start, input);
        xml = (XMLStreamReader2) parser.factory().createXMLStreamReader(feed, "UTF-8");
        if (xml.next() != XMLStreamConstants.START_ELEMENT) throw new IllegalStateException("the stream's own start tag did not parse");
    }

    /** The current start tag, with its namespace declarations and without its attributes, as UTF-8. */
    private byte[] startTagWithNamespaces() {
        String prefix = nullToEmpty(xml.getPrefix());
        StringBuilder tag = new StringBuilder("<").append(prefix.isEmpty() ? "" : prefix + ":").append(xml.getLocalName());
        for (int i = 0; i < xml.getNamespaceCount(); i++) {
            String declared = nullToEmpty(xml.getNamespacePrefix(i));
            tag.append(declared.isEmpty() ? " xmlns" : " xmlns:" + declared).append("='").append(Xml.escape(nullToEmpty(xml.getNamespaceURI(i)))).append('\'');
        }
        return tag.append('>').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Skips whitespace between top-level items; refuses what RFC 6120 forbids anywhere. */
    private int nextTopLevel() throws XMLStreamException, XmlParseException {
        while (true) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT, XMLStreamConstants.END_DOCUMENT -> {
                    return event;
                }
                case XMLStreamConstants.SPACE, XMLStreamConstants.CHARACTERS -> {
                    if (!xml.isWhiteSpace()) throw error(StreamError.Condition.BAD_FORMAT, "text outside of a stanza");
                    input.startStanza();   // a keepalive: it must not add up towards a stanza's size
                }
                case XMLStreamConstants.CDATA -> throw error(StreamError.Condition.BAD_FORMAT, "text outside of a stanza");
                default -> refuse(event);
            }
        }
    }

    /**
     * Reads the element whose start tag is the current event, and its whole subtree. Children
     * and elements are counted here, per stanza: Woodstox's own counts
     * ({@code P_MAX_CHILDREN_PER_ELEMENT}, {@code P_MAX_ELEMENT_COUNT}) run over the whole
     * document, whose root is the stream, so they would end a long stream after that many stanzas.
     */
    private Element readTree(String parentNamespace) throws XMLStreamException, XmlParseException {
        StreamLimits limits = parser.limits();
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        stack.push(startFrame(parentNamespace));
        int elements = 1;
        while (true) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (stack.size() == limits.maxDepth())
                        throw error(StreamError.Condition.POLICY_VIOLATION, "elements nested deeper than " + limits.maxDepth());
                    Frame parent = stack.peek();
                    if (++parent.children > limits.maxChildren())
                        throw error(StreamError.Condition.POLICY_VIOLATION, "more than " + limits.maxChildren() + " child elements in <"
                                + parent.name + ">");
                    if (++elements > limits.maxElements())
                        throw error(StreamError.Condition.POLICY_VIOLATION, "more than " + limits.maxElements() + " elements in one stanza");
                    parent.flushText();
                    stack.push(startFrame(parent.namespace));
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Element done = stack.pop().build();
                    if (stack.isEmpty()) return done;
                    stack.peek().builder.child(done);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        stack.peek().appendText(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                default -> refuse(event);
            }
        }
    }

    private Frame startFrame(String parentNamespace) {
        String namespace = nullToEmpty(xml.getNamespaceURI());
        Element.Builder b = Element.builder(xml.getLocalName());
        if (!namespace.equals(parentNamespace)) b.xmlns(namespace);
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String prefix = nullToEmpty(xml.getAttributePrefix(i));
            // A prefixed attribute keeps its prefix, and the declaration it needs travels with it.
            if (!prefix.isEmpty() && !prefix.equals(XMLConstants.XML_NS_PREFIX))
                b.attr("xmlns:" + prefix, xml.getAttributeNamespace(i));
            b.attr(attributeName(i), xml.getAttributeValue(i));
        }
        return new Frame(b, xml.getLocalName(), namespace);
    }

    private String attributeName(int i) {
        String prefix = nullToEmpty(xml.getAttributePrefix(i));
        return prefix.isEmpty() ? xml.getAttributeLocalName(i) : prefix + ":" + xml.getAttributeLocalName(i);
    }

    private void refuse(int event) throws XmlParseException {
        String what = switch (event) {
            case XMLStreamConstants.COMMENT -> "a comment";
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> "a processing instruction";
            case XMLStreamConstants.DTD -> "a DTD";
            case XMLStreamConstants.ENTITY_REFERENCE -> "an entity reference";
            default -> "XML event " + event;
        };
        throw error(StreamError.Condition.RESTRICTED_XML, what + " (RFC 6120 section 11.1 forbids it)");
    }

    private XmlParseException error(StreamError.Condition condition, String what) {
        return new XmlParseException(condition, at(xml == null ? null : xml.getLocation()) + what);
    }

    /** Maps Woodstox's exceptions onto stream errors; a failing connection stays an IOException. */
    private XmlParseException classify(XMLStreamException e) throws IOException {
        Throwable cause = e.getNestedException() != null ? e.getNestedException() : e.getCause();
        String where = at(e.getLocation());
        if (cause instanceof ByteBudget.Exceeded exceeded)
            return new XmlParseException(StreamError.Condition.POLICY_VIOLATION, where + "stanza too large: " + exceeded.getMessage(), e);
        if (cause instanceof CharConversionException bad)
            return new XmlParseException(StreamError.Condition.NOT_WELL_FORMED, where + "invalid UTF-8: " + bad.getMessage(), e);
        if (cause instanceof IOException io) throw io;
        String message = withoutLocation(e.getMessage());
        if (e instanceof WstxEOFException)
            return new XmlParseException(StreamError.Condition.NOT_WELL_FORMED, where + "input ended inside the XML: " + message, e);
        if (e instanceof WstxException) {
            if (message.contains("entity"))
                return new XmlParseException(StreamError.Condition.RESTRICTED_XML, where + message + " (only the five predefined entities are allowed)", e);
            if (message.contains("namespace prefix"))
                return new XmlParseException(StreamError.Condition.BAD_NAMESPACE_PREFIX, where + message, e);
            return new XmlParseException(StreamError.Condition.NOT_WELL_FORMED, where + message, e);
        }
        // Woodstox reports its limits (WstxInputProperties.P_MAX_*) as plain XMLStreamExceptions.
        return new XmlParseException(StreamError.Condition.POLICY_VIOLATION, where + message, e);
    }

    private static String at(Location location) {
        return location == null || location.getLineNumber() < 0 ? ""
                : "line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ": ";
    }

    private static String withoutLocation(String message) {
        if (message == null) return "malformed XML";
        int at = message.indexOf("\n at [");
        if (at < 0) at = message.indexOf(" at [row,col");
        return (at < 0 ? message : message.substring(0, at)).strip();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private void closeParser() {
        kept.set(null);
        if (xml == null) return;
        try {
            xml.close();   // StAX never closes the underlying stream here: the connection stays open
        } catch (XMLStreamException ignored) {
            // nothing held that needs releasing
        }
        xml = null;
        feed = null;
    }

    /** Releases the parser's buffers; the input stream is left to its owner. */
    @Override
    public void close() {
        closeParser();
        streamStartTag = null;
    }

    /** A parser put aside while its stream waits for input, outside it. */
    private static final class Kept {
        final ParserFeed feed;
        final XMLStreamReader2 xml;
        volatile boolean seenIdle;   // by a releaseIdleParser() call: the next one drops it

        Kept(ParserFeed feed, XMLStreamReader2 xml) {
            this.feed = feed;
            this.xml = xml;
        }
    }

    /** One open element while its subtree is read. */
    private static final class Frame {
        final Element.Builder builder;
        final String name;
        final String namespace;
        int children;
        private StringBuilder text;   // most elements have none: allocated on the first text


        Frame(Element.Builder builder, String name, String namespace) {
            this.builder = builder;
            this.name = name;
            this.namespace = namespace;
        }

        void appendText(char[] chars, int start, int length) {
            if (text == null) text = new StringBuilder(length);
            text.append(chars, start, length);
        }

        void flushText() {
            if (text == null || text.isEmpty()) return;
            builder.text(text.toString());
            text.setLength(0);
        }

        Element build() {
            flushText();
            return builder.build();
        }
    }
}
