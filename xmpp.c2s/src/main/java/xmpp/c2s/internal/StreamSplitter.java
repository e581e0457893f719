package xmpp.c2s.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import xmpp.core.stream.Streams;

/**
 * Cuts what a {@link Connection} writes as one XML stream into what a framed carrier sends: the
 * stream header, each top-level element on its own, the stream's end. Only the server's own
 * serializer writes here (well-formed, text escaped), so following the markup is enough; an
 * element may arrive over several writes and several elements in one. Whitespace between
 * elements is a keepalive. Each element gets the namespace it had from the stream header, which a
 * frame does not carry (RFC 7395 section 3.3.3).
 */
final class StreamSplitter {

    /** What the carrier does with the pieces. */
    interface Pieces {
        /** The stream header's attributes ({@code id}, {@code from}, {@code version}, {@code xml:lang}). */
        void header(Map<String, String> attributes) throws IOException;

        /** One whole top-level element, its namespaces declared. */
        void element(String xml) throws IOException;

        /** Whitespace between elements: the carrier's own keepalive instead. */
        void keepalive() throws IOException;

        /** {@code </stream:stream>}. */
        void end() throws IOException;
    }

    private static final String STREAM_TAG = "stream:stream";
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w:.-]+)\\s*=\\s*(?:'([^']*)'|\"([^\"]*)\")");
    private static final Pattern NAMESPACE_DECLARED = Pattern.compile("\\sxmlns\\s*=");

    private final Pieces pieces;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private int depth;
    private boolean inMarkup;
    private boolean afterLt;
    private boolean endTag;
    private boolean declaration;
    private int quote;
    private int previous;
    private int startTagEnd = -1;   // in current: the end of the top-level element's start tag

    StreamSplitter(Pieces pieces) {
        this.pieces = pieces;
    }

    void write(byte[] bytes, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) take(bytes[i]);
    }

    private void take(int c) throws IOException {
        if (!inMarkup) {
            if (c == '<') {
                inMarkup = true;
                afterLt = true;
                quote = 0;
                current.write(c);
            } else if (depth > 0) {
                current.write(c);
            } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                pieces.keepalive();
            }
            return;
        }
        current.write(c);
        if (afterLt) {
            afterLt = false;
            endTag = c == '/';
            declaration = c == '?';
        } else if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '>') {
            inMarkup = false;
            tagEnded();
        }
        previous = c;
    }

    private void tagEnded() throws IOException {
        if (declaration) {
            if (depth == 0) current.reset();   // the XML declaration: a frame has none
        } else if (endTag) {
            if (depth == 0) {                  // </stream:stream>
                current.reset();
                pieces.end();
            } else if (--depth == 0) {
                emit();
            }
        } else if (depth == 0 && isStreamHeader()) {
            pieces.header(attributes(text()));
            current.reset();
        } else {
            if (depth == 0) startTagEnd = current.size();
            if (previous != '/') depth++;
            else if (depth == 0) emit();
        }
    }

    private boolean isStreamHeader() {
        String tag = text();
        return tag.startsWith("<" + STREAM_TAG) && !Character.isLetterOrDigit(tag.charAt(STREAM_TAG.length() + 1));
    }

    private String text() {
        return current.toString(StandardCharsets.UTF_8);
    }

    private void emit() throws IOException {
        byte[] bytes = current.toByteArray();
        current.reset();
        String startTag = new String(bytes, 0, startTagEnd, StandardCharsets.UTF_8);
        String rest = new String(bytes, startTagEnd, bytes.length - startTagEnd, StandardCharsets.UTF_8);
        pieces.element(withNamespace(startTag) + rest);
    }

    /** {@code <stream:features>} and {@code <stream:error>} declare their prefix; stanzas without a namespace are jabber:client's. */
    private static String withNamespace(String startTag) {
        int nameEnd = 1;
        while (nameEnd < startTag.length() && !Character.isWhitespace(startTag.charAt(nameEnd))
                && startTag.charAt(nameEnd) != '/' && startTag.charAt(nameEnd) != '>') nameEnd++;
        String name = startTag.substring(1, nameEnd);
        String declaration;
        if (name.startsWith("stream:")) declaration = " xmlns:stream='" + Streams.STREAMS_NS + "'";
        else if (!NAMESPACE_DECLARED.matcher(startTag.replaceAll("'[^']*'|\"[^\"]*\"", "''")).find())
            declaration = " xmlns='" + Streams.CLIENT_NS + "'";
        else return startTag;
        return startTag.substring(0, nameEnd) + declaration + startTag.substring(nameEnd);
    }

    private static Map<String, String> attributes(String startTag) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(startTag);
        while (m.find()) attributes.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        return attributes;
    }
}
