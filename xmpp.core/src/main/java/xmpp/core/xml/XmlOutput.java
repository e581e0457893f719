package xmpp.core.xml;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of UTF-8 bytes that elements serialize into, escaping as they go, so a
 * stanza reaches a socket without an intermediate {@code String}. Not thread-safe: one per
 * writer.
 *
 * <p>Characters that XML 1.0 does not allow (most C0 controls, lone surrogates, U+FFFE/FFFF)
 * are written as U+FFFD: a module that puts such a character into a stanza must not be
 * able to break the receiver's stream.
 */
public final class XmlOutput {

    private static final byte[] AMP = ascii("&amp;"), LT = ascii("&lt;"), GT = ascii("&gt;"),
            QUOT = ascii("&quot;"), APOS = ascii("&apos;"), TAB = ascii("&#9;"), LF = ascii("&#10;"),
            CR = ascii("&#13;");
    private static final int REPLACEMENT = 0xFFFD;

    private byte[] buf;
    private int len;

    public XmlOutput() {
        this(256);
    }

    public XmlOutput(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Appends {@code element} as XML. */
    public XmlOutput element(Element element) {
        element.writeTo(this);
        return this;
    }

    /** Appends text with {@code & < > " '}, and a carriage return, escaped. */
    public XmlOutput escaped(String text) {
        encode(text, false);
        return this;
    }

    /**
     * Appends markup as is, e.g. a stream header built by the caller. Only for text the caller
     * wrote itself: nothing is escaped.
     */
    public XmlOutput raw(String markup) {
        byte[] bytes = markup.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    /** {@code <name a="v" ...>}, or {@code <name .../>} when {@code empty}. */
    void startTag(String name, String[] attrs, boolean empty) {
        put('<');
        encodeName(name);
        for (int i = 0; i < attrs.length; i += 2) {
            put(' ');
            encodeName(attrs[i]);
            put('=');
            put('"');
            encode(attrs[i + 1], true);
            put('"');
        }
        if (empty) put('/');
        put('>');
    }

    void endTag(String name) {
        put('<');
        put('/');
        encodeName(name);
        put('>');
    }

    public int size() {
        return len;
    }

    /** Empties the buffer and keeps its capacity. */
    public void reset() {
        len = 0;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    /** The buffer decoded as a string. */
    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private void encodeName(String name) {
        encode(name, true);
    }

    private void encode(String s, boolean attribute) {
        ensure(s.length() * 3);    // a UTF-16 unit never takes more than 3 bytes; escapes may grow it
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '&' -> put(AMP);
                    case '<' -> put(LT);
                    case '>' -> put(GT);
                    case '"' -> put(QUOT);
                    case '\'' -> put(APOS);
                    case '\t' -> { if (attribute) put(TAB); else put(c); }   // kept from attribute-value normalization
                    case '\n' -> { if (attribute) put(LF); else put(c); }
                    case '\r' -> put(CR);     // would become \n after the reader's line-end normalization
                    default -> {
                        if (c < 0x20) putCodePoint(REPLACEMENT);
                        else put(c);
                    }
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                putCodePoint(Character.toCodePoint(c, s.charAt(++i)));
            } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                putCodePoint(REPLACEMENT);
            } else {
                putCodePoint(c);
            }
        }
    }

    private void putCodePoint(int cp) {
        ensure(4);
        if (cp < 0x80) {
            buf[len++] = (byte) cp;
        } else if (cp < 0x800) {
            buf[len++] = (byte) (0xC0 | cp >> 6);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            buf[len++] = (byte) (0xE0 | cp >> 12);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        } else {
            buf[len++] = (byte) (0xF0 | cp >> 18);
            buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        }
    }

    private void put(char ascii) {
        ensure(1);
        buf[len++] = (byte) ascii;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
