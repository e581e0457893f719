package xmpp.c2s.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * What carries one client's stream, below XML: bytes in, bytes out, TLS, the end. The stream and
 * its session ({@link Connection}: negotiation, SASL, binding, stanzas, the outbound queue) know
 * only this, so another carrier can drive them: TCP with TLS ({@link SocketTransport}), and frames
 * over the HTTP service ({@link FramedTransport}: WebSocket, BOSH).
 */
interface Transport {

    /** What kind of carrier this is, for metrics: {@code tcp} for a socket, {@code websocket}, {@code bosh}. */
    String kind();

    /** The client's address. */
    InetAddress remote();

    /** The client's address and port (or what else names this connection), for logs and the shell. */
    String peer();

    /**
     * True when the carrier secures the stream itself (HTTPS, WSS, or plain HTTP from a trusted proxy
     * that says its client used HTTPS): such a stream offers no STARTTLS and counts as TLS.
     */
    boolean securedByCarrier();

    /**
     * Whether {@link #startTls} can be offered: over TCP. A plain HTTP carrier has none, so its
     * stream follows the rules of a plain connection without STARTTLS (starttls.required, plaintext.on.loopback).
     */
    boolean startTlsAvailable();

    /** The client's bytes, decrypted once TLS is on; a new stream for each {@link #startTls}. */
    InputStream in() throws IOException;

    /** Bytes to the client; each write goes out at once, so callers write whole elements. */
    OutputStream out() throws IOException;

    /**
     * Upgrades to TLS as the server and blocks until the handshake is done. Bytes the client sent
     * before it are dropped: they must not pass for data sent under TLS. {@code domain} picks the
     * certificate when the client names none (SNI).
     */
    SSLSession startTls(String domain) throws IOException;

    /**
     * Waits up to {@code wait} for the client's next bytes, on the reading thread, between
     * stanzas; true when they came (they stay for the next read) or the input ended. A carrier
     * whose reader cannot leave answers true at once, and its reader waits in its next read.
     */
    default boolean inputWithin(Duration wait) throws IOException {
        return true;
    }

    /**
     * The reading thread leaves after {@link #inputWithin} said nothing came: {@code resume}
     * runs once, on another thread, when bytes come or the connection is closed, and starts the
     * reading thread again, which calls {@link #unpark()} first. False when the carrier cannot
     * do this: the reading thread stays and reads on.
     *
     * @throws IOException when the connection is closed already
     */
    default boolean parkUntilReadable(Runnable resume) throws IOException {
        return false;
    }

    /** First on the reading thread that {@link #parkUntilReadable}'s {@code resume} started: reads block again. */
    default void unpark() throws IOException {
    }

    /**
     * Stanzas the carrier took from the stream but could not deliver, taken now: a BOSH session's that
     * ended while they waited for a request. What ends the connection routes them again.
     */
    default List<byte[]> undelivered() {
        return List.of();
    }

    /** Ends the connection at once, from any thread; a write stuck on a client that reads nothing fails. */
    void close();

    /** Ends the server's side once what was written has gone (a TCP FIN); the client's side stays open for {@link #closeAfterInput}. */
    default void endOutput() {
    }

    /**
     * Ends the server's side and then the connection, when the client has ended its side or
     * after {@code linger}, on the reading thread: a carrier that could answer the client's late
     * bytes with a reset reads and drops them meanwhile.
     */
    default void closeAfterInput(Duration linger) {
        close();
    }
}
