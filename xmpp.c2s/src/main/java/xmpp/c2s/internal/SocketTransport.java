package xmpp.c2s.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSession;

/**
 * A TCP connection, with TLS through {@link TlsStream} once started. Its reading thread may leave
 * while the client is silent ({@link #parkUntilReadable}): the channel is then non-blocking and
 * watched by the listener's {@link IdleReaders} until bytes come, and a new reading thread makes
 * it block again ({@link #unpark()}). Writes go on meanwhile, from the session's writer.
 */
final class SocketTransport implements Transport {

    private static final System.Logger log = System.getLogger(SocketTransport.class.getName());
    // What a wait for input takes ahead: a TLS record's header, so that the record's read needs no extra call.
    private static final int AHEAD = 5;
    // What a closing connection reads and drops at most: a client still sending so much is not closing.
    private static final int LINGER_LIMIT = 64 * 1024;

    private final SocketChannel channel;   // under any TLS: closing it never waits for a stuck writer
    private final Certificates certificates;
    private final IdleReaders idle;
    private final InetAddress remote;
    private final String peer;
    private final NetIn netIn;
    private final OutputStream netOut = new NetOut();
    private final ReentrantLock blocking = new ReentrantLock();
    private final Condition blocksAgain = blocking.newCondition();
    private volatile TlsStream tls;
    private volatile IdleReaders.Watch watch;   // while no thread reads

    SocketTransport(SocketChannel channel, Certificates certificates, IdleReaders idle) throws IOException {
        this.channel = channel;
        this.certificates = certificates;
        this.idle = idle;
        InetSocketAddress address = (InetSocketAddress) channel.getRemoteAddress();
        this.remote = address.getAddress();
        this.peer = remote.getHostAddress() + ":" + address.getPort();
        this.netIn = new NetIn(channel.socket().getInputStream());
    }

    @Override
    public InetAddress remote() {
        return remote;
    }

    @Override
    public String kind() {
        return "tcp";
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public boolean securedByCarrier() {
        return false;
    }

    @Override
    public boolean startTlsAvailable() {
        return true;
    }

    @Override
    public InputStream in() {
        TlsStream t = tls;
        return t != null ? t.in() : netIn;
    }

    @Override
    public OutputStream out() {
        TlsStream t = tls;
        return t != null ? t.out() : netOut;
    }

    @Override
    public SSLSession startTls(String domain) throws IOException {
        TlsStream t = certificates.upgrade(netIn, netOut, domain);
        tls = t;
        return t.session();
    }

    /** Waits on the reading thread; the bytes that end the wait stay for the next read. */
    @Override
    public boolean inputWithin(Duration wait) throws IOException {
        TlsStream t = tls;
        return t != null && t.plaintextAtHand() || netIn.awaitAhead(wait);
    }

    @Override
    public boolean parkUntilReadable(Runnable resume) throws IOException {
        IdleReaders.Watch w = idle.watch(channel, resume);
        if (w == null) return false;
        watch = w;
        if (!channel.isOpen()) w.wake();   // closed before the watch was there to wake
        return true;
    }

    @Override
    public void unpark() throws IOException {
        watch = null;
        blocking.lock();
        try {
            channel.configureBlocking(true);
            blocksAgain.signalAll();
        } finally {
            blocking.unlock();
        }
    }

    /** The TCP socket, not TLS over it: a close_notify would wait behind a writer stuck on a client that reads nothing. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "closing {0}: {1}", peer, e.getMessage());
        }
        IdleReaders.Watch w = watch;
        if (w != null) w.wake();   // its reading thread comes back to find the end and clean up
    }

    /**
     * Stanzas can cross the closing tags: an answer to an iq we sent just before, a TLS
     * close_notify. Closed over unread bytes, the socket would answer them with a reset, and a
     * client that writes before it reads (Smack) would end its connection on the failed write,
     * before it reads our closing tag. So our side ends first, after our last bytes, and what
     * still comes is dropped until the client ends its side; a client that does not is closed
     * after {@code linger}, one that floods after {@link #LINGER_LIMIT} bytes.
     */
    @Override
    public void closeAfterInput(Duration linger) {
        try {
            if (channel.isOpen() && channel.isBlocking()) {
                endOutput();
                netIn.dropUntilEnd(linger);
            }
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "ending {0}: {1}", peer, e.getMessage());
        } finally {
            close();
        }
    }

    @Override
    public void endOutput() {
        try {
            channel.shutdownOutput();   // a second time changes nothing
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "ending the output to {0}: {1}", peer, e.getMessage());
        }
    }

    /**
     * A write that found a parked connection's socket buffer full: the client reads slowly or
     * not at all. Its reading thread comes back, which makes the channel block again, and the
     * write waits for that (a client that takes nothing still meets the write timeout).
     */
    private void awaitBlocking() throws IOException {
        blocking.lock();
        try {
            while (!channel.isBlocking() && channel.isOpen()) {
                IdleReaders.Watch w = watch;   // again each time: the reader may be leaving, its watch not there yet
                if (w != null) w.wake();
                blocksAgain.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to write to " + peer, e);
        } finally {
            blocking.unlock();
        }
    }

    /** The socket's input, with the bytes that ended a timed wait taken ahead. Read by the reading thread only. */
    private final class NetIn extends BulkInput {
        private final InputStream socket;
        private final byte[] ahead = new byte[AHEAD];
        private int aheadStart;
        private int aheadEnd;   // -1: the end of the input came during a wait

        NetIn(InputStream socket) {
            this.socket = socket;
        }

        /** False when nothing came within {@code wait}; true with bytes taken ahead, or at the end of the input. */
        boolean awaitAhead(Duration wait) throws IOException {
            if (aheadEnd != aheadStart) return true;
            int n = readWithin(ahead, AHEAD, wait.toMillis());
            if (n == 0) return false;
            aheadStart = 0;
            aheadEnd = n;
            return true;
        }

        /** Reads and drops the client's bytes until its side ends, {@code linger} passes, or {@link #LINGER_LIMIT} bytes came. */
        void dropUntilEnd(Duration linger) throws IOException {
            long deadline = System.nanoTime() + linger.toNanos();
            byte[] dropped = new byte[2048];
            int total = 0;
            for (long left = linger.toMillis(); left > 0 && total < LINGER_LIMIT; left = (deadline - System.nanoTime()) / 1_000_000) {
                int n = readWithin(dropped, dropped.length, left);
                if (n <= 0) return;   // the client ended its side, or keeps it open: it is closed anyway
                total += n;
            }
        }

        /** A read from the socket that waits {@code millis} at most: 0 when nothing came by then, -1 at the end of the input. */
        private int readWithin(byte[] into, int len, long millis) throws IOException {
            channel.socket().setSoTimeout((int) Math.max(1, millis));
            try {
                return socket.read(into, 0, len);
            } catch (SocketTimeoutException e) {
                return 0;
            } finally {
                channel.socket().setSoTimeout(0);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (aheadEnd < 0) return -1;
            if (aheadEnd == aheadStart) return socket.read(b, off, len);
            int n = Math.min(len, aheadEnd - aheadStart);
            System.arraycopy(ahead, aheadStart, b, off, n);
            aheadStart += n;
            if (aheadStart == aheadEnd) aheadStart = aheadEnd = 0;
            return n;
        }

        @Override
        public int available() throws IOException {
            return aheadEnd < 0 ? 0 : aheadEnd - aheadStart + socket.available();
        }
    }

    /** Writes through the channel, blocking or not: a parked connection's channel does not block. */
    private final class NetOut extends BulkOutput {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer src = ByteBuffer.wrap(b, off, len);
            while (src.hasRemaining()) {
                if (channel.write(src) == 0) awaitBlocking();
            }
        }
    }
}
