package xmpp.core.spi.stream;

import java.io.IOException;
import java.io.InputStream;

/**
 * What one Woodstox reader reads: optionally some bytes of our own first (the stream's start
 * tag, when a new parser resumes inside a stream; the byte the stream went on with, read outside
 * the parser), then the connection's input. It counts the
 * UTF-16 units it has handed over, which Woodstox's character offsets count too, so that
 * {@link StreamReader} can tell when the parser holds no input it has not parsed yet.
 */
final class ParserFeed extends InputStream {

    private final InputStream in;
    private byte[] first;   // handed over before the input; dropped once it has been
    private int firstAt;
    private long units;

    /** @param first bytes to hand over before {@code in}'s, or null */
    ParserFeed(byte[] first, InputStream in) {
        this.first = first == null || first.length == 0 ? null : first;
        this.in = in;
    }

    /** Hands {@code next} over before the input's next bytes: the stream's byte that was read outside the parser. */
    void then(byte next) {
        if (first != null) throw new IllegalStateException("bytes of our own are still waiting");
        first = new byte[] {next};
        firstAt = 0;
    }

    /** UTF-16 units in the bytes handed over so far; a sequence cut between two reads counts at its first byte. */
    long units() {
        return units;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        if (first != null) {
            n = Math.min(len, first.length - firstAt);
            System.arraycopy(first, firstAt, b, off, n);
            firstAt += n;
            if (firstAt == first.length) first = null;
        } else {
            n = in.read(b, off, len);
        }
        if (n > 0) units += utf16Units(b, off, n);
        return n;
    }

    @Override
    public int available() throws IOException {
        return first != null ? first.length - firstAt : in.available();
    }

    /**
     * UTF-8 bytes to UTF-16 units: every byte but a continuation byte starts a character, and a
     * four-byte sequence is a surrogate pair. Invalid UTF-8 is Woodstox's to refuse.
     */
    private static int utf16Units(byte[] b, int off, int n) {
        int units = 0;
        for (int i = off; i < off + n; i++) {
            byte c = b[i];   // signed: ASCII 0..127, continuation bytes -128..-65, four-byte leads -16..-9
            if (c >= 0) units++;
            else if (c >= -64) units += c >= -16 ? 2 : 1;
        }
        return units;
    }
}
