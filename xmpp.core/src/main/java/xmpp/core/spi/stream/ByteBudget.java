package xmpp.core.spi.stream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes the parser pulls from the connection since the last stanza boundary and
 * fails the read once they pass the budget. This bounds memory even for input Woodstox would
 * otherwise buffer whole before reporting it, such as a megabyte-long element name.
 */
final class ByteBudget extends FilterInputStream {

    /** Thrown through Woodstox (as the cause of its exception) when the budget is spent. */
    static final class Exceeded extends IOException {
        Exceeded(long budget) {
            super("more than " + budget + " bytes without completing a stanza");
        }
    }

    private final long budget;
    private long used;

    ByteBudget(InputStream in, long budget) {
        super(in);
        this.budget = budget;
    }

    /**
     * A stanza (or a whitespace keepalive) ended. What the parser has read ahead beyond it is
     * not counted for the next one, which is why the budget carries some slack.
     */
    void startStanza() {
        used = 0;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) spend(1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) spend(n);
        return n;
    }

    private void spend(int n) throws Exceeded {
        used += n;
        if (used > budget) throw new Exceeded(budget);
    }
}
