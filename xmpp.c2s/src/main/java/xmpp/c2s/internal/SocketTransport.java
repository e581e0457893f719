package xmpp.c2s.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSession;

/** A TCP connection, with TLS through {@link TlsStream} once started. */
final class SocketTransport implements Transport {

    private static final System.Logger log = System.getLogger(SocketTransport.class.getName());

    private final Socket socket;   // under any TLS: closing it never waits for a stuck writer
    private final Certificates certificates;
    private final String peer;
    private volatile TlsStream tls;

    SocketTransport(Socket socket, Certificates certificates) {
        this.socket = socket;
        this.certificates = certificates;
        this.peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    @Override
    public InetAddress remote() {
        return socket.getInetAddress();
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
    public InputStream in() throws IOException {
        TlsStream t = tls;
        return t != null ? t.in() : socket.getInputStream();
    }

    @Override
    public OutputStream out() throws IOException {
        TlsStream t = tls;
        return t != null ? t.out() : socket.getOutputStream();
    }

    @Override
    public SSLSession startTls(String domain) throws IOException {
        TlsStream t = certificates.upgrade(socket, domain);
        tls = t;
        return t.session();
    }

    /** The TCP socket, not TLS over it: a close_notify would wait behind a writer stuck on a client that reads nothing. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "closing {0}: {1}", peer, e.getMessage());
        }
    }
}
