package xmpp.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a line of at most a given length, so a client that never ends its line costs no more than that. */
final class BoundedLine {

    /** A line longer than the bound. */
    static final class TooLong extends IOException {
        TooLong(int max) {
            super("a line longer than " + max + " bytes");
        }
    }

    private BoundedLine() {
    }

    /** The next line, without its {@code \n} or {@code \r\n}, in UTF-8; null at the end of the input. */
    static String read(InputStream in, int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            if (line.size() == max) throw new TooLong(max);
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
