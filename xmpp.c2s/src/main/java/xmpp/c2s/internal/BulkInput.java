package xmpp.c2s.internal;

import java.io.IOException;
import java.io.InputStream;

/** An input read in runs of bytes: the one-byte read, which only odd callers use, goes through them. */
abstract class BulkInput extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
