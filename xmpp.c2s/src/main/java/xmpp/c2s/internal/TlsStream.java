package xmpp.c2s.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS over a TCP connection's byte streams through an {@link SSLEngine}, one record at a time, holding no
 * buffers while the connection is idle: a read waits for a record's 5-byte header, and only then
 * takes buffers the size of that record, which go once the reader has taken its plaintext. A
 * write borrows a record buffer from {@link RecordBuffers} and gives it back. (JSSE's
 * {@code SSLSocket} keeps some 20 KB of record buffers for the life of every connection.)
 *
 * <p>One thread reads, any thread writes; writes, and the replies the engine owes the peer
 * during a read (a TLS 1.3 key update, the handshake), go out one at a time. Closing the socket
 * ends both, as it did with {@code SSLSocket}.
 */
final class TlsStream {

    private static final int HEADER_BYTES = 5;
    // RFC 5246 section 6.2.3: a TLSCiphertext fragment is at most 2^14 + 2048 bytes (TLS 1.3 allows less).
    private static final int MAX_FRAGMENT = 16384 + 2048;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final RecordBuffers buffers;
    private final InputStream net;
    private final OutputStream netOut;
    private final byte[] header = new byte[HEADER_BYTES];
    private final ReentrantLock writing = new ReentrantLock();
    private final InputStream in = new In();
    private final OutputStream out = new Out();
    private ByteBuffer plain = NOTHING;   // decrypted, not yet read: the reading thread's only
    private boolean closedByPeer;

    /** Runs the handshake over a connection's input and output; returns once it is done. */
    TlsStream(SSLEngine engine, InputStream net, OutputStream netOut, RecordBuffers buffers) throws IOException {
        this.engine = engine;
        this.buffers = buffers;
        this.net = net;
        this.netOut = netOut;
        handshake();
    }

    SSLSession session() {
        return engine.getSession();
    }

    /** The plaintext from the peer; -1 at its close_notify or the end of the connection between records. */
    InputStream in() {
        return in;
    }

    /** Whether plaintext of a record already read waits to be read: the reading thread's question only. */
    boolean plaintextAtHand() {
        return plain.hasRemaining();
    }

    /** Plaintext to the peer; each write goes out at once, in as few records as it takes. */
    OutputStream out() {
        return out;
    }

    private void handshake() throws IOException {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> send(NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!readRecord()) throw new SSLException("the peer closed the connection during the TLS handshake");
                    if (closedByPeer) throw new SSLException("the peer closed TLS during its handshake");
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    return;
                }
            }
        }
    }

    private int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!plain.hasRemaining()) {
            plain = NOTHING;   // what was read goes now, not at the next record
            if (closedByPeer || !readRecord()) return -1;
            answerEngine();
        }
        int n = Math.min(len, plain.remaining());
        plain.get(b, off, n);
        if (!plain.hasRemaining()) plain = NOTHING;
        return n;
    }

    /** After a record: what the engine owes the peer now (a key update, a close_notify in reply). */
    private void answerEngine() throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    if (engine.isOutboundDone()) return;
                    writing.lock();
                    try {
                        send(NOTHING);
                    } finally {
                        writing.unlock();
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    /**
     * Reads one whole record and unwraps it; false at the end of the input before a record. Its
     * plaintext, if any, becomes {@link #plain}.
     */
    private boolean readRecord() throws IOException {
        if (!readFully(header, 0, HEADER_BYTES, true)) return false;
        int type = header[0];
        int length = (header[3] & 0xff) << 8 | header[4] & 0xff;
        if (type < 20 || type > 24 || header[1] != 3 || length > MAX_FRAGMENT)
            throw new SSLException("not a TLS record (the client speaks something else, or plain text on a TLS port)");
        byte[] record = new byte[HEADER_BYTES + length];
        System.arraycopy(header, 0, record, 0, HEADER_BYTES);
        readFully(record, HEADER_BYTES, length, false);
        ByteBuffer src = ByteBuffer.wrap(record);
        ByteBuffer dst = ByteBuffer.allocate(Math.max(length, 1));   // plaintext is never longer than its record
        SSLEngineResult result = engine.unwrap(src, dst);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            dst = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            result = engine.unwrap(src, dst);
        }
        switch (result.getStatus()) {
            case OK -> { }
            case CLOSED -> closedByPeer = true;
            default -> throw new SSLException("a TLS record the engine cannot take: " + result.getStatus());
        }
        if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) runTasks();
        plain = dst.flip();
        return true;
    }

    /** False only when the input ends before the first byte and {@code endAllowed}. */
    private boolean readFully(byte[] b, int off, int len, boolean endAllowed) throws IOException {
        for (int done = 0; done < len; ) {
            int n = net.read(b, off + done, len - done);
            if (n < 0) {
                if (done == 0 && endAllowed) return false;
                throw new EOFException("the connection ended inside a TLS record");
            }
            done += n;
        }
        return true;
    }

    /** Wraps all of {@code src} (or, when empty, what the engine has to say) and writes it; the caller holds the lock. */
    private void send(ByteBuffer src) throws IOException {
        ByteBuffer record = buffers.borrow(engine.getSession().getPacketBufferSize());
        try {
            do {
                record.clear();
                SSLEngineResult result = engine.wrap(src, record);
                if (result.getStatus() != SSLEngineResult.Status.OK && result.bytesProduced() == 0)
                    throw new SSLException("cannot write: TLS is " + result.getStatus());
                netOut.write(record.array(), 0, record.position());
                if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) runTasks();
            } while (src.hasRemaining());
        } finally {
            buffers.giveBack(record);
        }
    }

    private void runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) task.run();
    }

    private final class In extends BulkInput {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return TlsStream.this.read(b, off, len);
        }

        /** Plaintext at hand, else whether the socket has bytes of the next record: the parser lets go only when neither. */
        @Override
        public int available() throws IOException {
            int decrypted = plain.remaining();
            return decrypted > 0 ? decrypted : net.available();
        }
    }

    private final class Out extends BulkOutput {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) return;
            writing.lock();
            try {
                send(ByteBuffer.wrap(b, off, len));
            } finally {
                writing.unlock();
            }
        }
    }
}
