package xmpp.c2s.internal;

import java.io.IOException;
import java.io.OutputStream;

/** An output written in runs of bytes: the one-byte write, which only odd callers use, goes through them. */
abstract class BulkOutput extends OutputStream {

    @Override
    public final void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public abstract void write(byte[] b, int off, int len) throws IOException;
}
