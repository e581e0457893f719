package xmpp.mod.proxy65.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SOCKS5 side of XEP-0065 section 6.3: clients connect, each names a session by its hash;
 * the first connection of a session is the target's, the second the initiator's. Once the
 * initiator activates the session ({@link #activate}), the proxy copies bytes between the two
 * until both are done. A session that is not activated in time is closed, and no more than
 * {@code maxConnections} connections are open at once.
 */
final class Socks5Proxy implements AutoCloseable {

    private static final System.Logger log = System.getLogger(Socks5Proxy.class.getName());

    /** What one proxy allows: connections open at once, and how long a session may wait for activation. */
    record Limits(int maxConnections, Duration activationTimeout) {
    }

    /** The two connections of one session; guarded by {@link #sessions}. */
    private static final class Session {
        final Socket target;
        Socket initiator;

        Session(Socket target) {
            this.target = target;
        }
    }

    private final ServerSocket server;
    private final Limits limits;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** Listens at {@code address} (port 0: any free port) from now on; {@link #start()} accepts. */
    Socks5Proxy(InetSocketAddress address, Limits limits) throws IOException {
        this.server = new ServerSocket();
        this.server.setReuseAddress(true);
        this.server.bind(address);
        this.limits = limits;
    }

    int port() {
        return server.getLocalPort();
    }

    Socks5Proxy start() {
        Thread.ofVirtual().name("proxy65-accept-" + port()).start(this::acceptAll);
        return this;
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) log.log(System.Logger.Level.ERROR, "proxy65 on port {0} stopped accepting: {1}", String.valueOf(port()), e.getMessage());
                return;
            }
            if (limits.maxConnections() > 0 && open.size() >= limits.maxConnections()) {
                log.log(System.Logger.Level.WARNING, "proxy65 on port {0}: refused {1}, {2} connections are open (max.connections)",
                        String.valueOf(port()), client.getRemoteSocketAddress(), open.size());
                close(client);
                continue;
            }
            open.add(client);
            Thread.ofVirtual().name("proxy65-" + client.getRemoteSocketAddress()).start(() -> join(client));
        }
    }

    /**
     * The SOCKS5 handshake, then the client waits in its session. The client is told it is
     * connected only once its session knows it: it may ask for activation at once.
     */
    private void join(Socket client) {
        String hash;
        try {
            client.setSoTimeout((int) limits.activationTimeout().toMillis());   // a client that says nothing holds a connection
            hash = Socks5.request(client.getInputStream(), client.getOutputStream());
            client.setSoTimeout(0);
            if (enter(hash, client)) {
                Socks5.confirm(client.getOutputStream(), hash);
                return;
            }
        } catch (SocketTimeoutException e) {
            log.log(System.Logger.Level.INFO, "proxy65: {0} did not finish its SOCKS5 handshake in {1}; closed",
                    client.getRemoteSocketAddress(), limits.activationTimeout());
            close(client);
            return;
        } catch (IOException e) {
            log.log(System.Logger.Level.INFO, "proxy65: {0} closed during its SOCKS5 handshake: {1}", client.getRemoteSocketAddress(), e.getMessage());
            close(client);
            return;
        }
        log.log(System.Logger.Level.INFO, "proxy65: a third connection for session {0} from {1}; closed", hash, client.getRemoteSocketAddress());
        close(client);
    }

    /** The target's connection opens a session, the initiator's completes it; false for a third. */
    private boolean enter(String hash, Socket client) {
        synchronized (sessions) {
            Session session = sessions.get(hash);
            if (session == null) {
                Session fresh = new Session(client);
                sessions.put(hash, fresh);
                Thread.ofVirtual().name("proxy65-expiry").start(() -> expire(hash, fresh));
                return true;
            }
            if (session.initiator != null) return false;
            session.initiator = client;
            return true;
        }
    }

    private void expire(String hash, Session session) {
        try {
            Thread.sleep(limits.activationTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (sessions) {
            if (!sessions.remove(hash, session)) return;   // activated meanwhile
        }
        log.log(System.Logger.Level.INFO, "proxy65: session {0} was not activated within {1}; closed", hash, limits.activationTimeout());
        close(session.target);
        if (session.initiator != null) close(session.initiator);
    }

    /**
     * Starts relaying the session called {@code hash} (XEP-0065 section 6.3.4); false when it
     * does not have both its connections.
     */
    boolean activate(String hash) {
        Session session;
        synchronized (sessions) {
            session = sessions.get(hash);
            if (session == null || session.initiator == null) return false;
            sessions.remove(hash);
        }
        Relay.between(session.initiator, session.target, this::close);
        return true;
    }

    /** Connections open now, waiting or relaying. */
    int connections() {
        return open.size();
    }

    private void close(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "proxy65: closing {0}: {1}", socket.getRemoteSocketAddress(), e.getMessage());
        }
    }

    /** Stops listening and closes every connection, relaying or not. */
    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(this::close);
        synchronized (sessions) {
            sessions.clear();
        }
    }
}
