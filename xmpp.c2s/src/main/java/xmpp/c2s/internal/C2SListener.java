package xmpp.c2s.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import xmpp.core.auth.Authenticator;
import xmpp.core.auth.InBandRegistration;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.spi.auth.Authenticators;
import xmpp.core.spi.metrics.ProbeSlot;
import xmpp.core.spi.metrics.ServerProbe;
import xmpp.core.spi.route.SessionManager;
import xmpp.core.spi.stream.StreamLimits;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.spi.stream.StreamReader;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.StreamFeature;

/**
 * A TCP port where clients connect: one factory configuration each (PID {@code xmpp.c2s}).
 * Accepts on a platform thread of its own; each connection runs on a virtual thread. Running
 * out of file descriptors costs new connections, logged once a minute, never the server or its
 * sessions.
 */
@Component(service = C2SListener.class, immediate = true, configurationPid = ListenerConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ListenerConfig.class, factory = true)
public final class C2SListener {

    private static final System.Logger log = System.getLogger(C2SListener.class.getName());
    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int ADDRESSES_WITH_FAILED_LOGINS = 100_000;   // about 10 MB at most
    private static final String RETIRED_PER_IP_KEY = "max.connections.per.ip";
    // How often connections are checked: a stalled writer is closed within the write timeout and this; keepalives go out this late at most;
    // a stream that waits lets its parser go after one to two of these.
    private static final long CHECK_MILLIS = StreamReader.IDLE_CHECK_MILLIS;

    private final Settings settings;
    private final Authenticators authenticators = new Authenticators();
    private final List<StreamFeature> features = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<InBandRegistration> registrations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Services services;
    private final ServerSocketChannel server;
    private final int port;   // kept: a closed channel forgets it
    private final IdleReaders idleReaders;
    private final Thread acceptor;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ConnectionLimits limits;
    private final ScheduledThreadPoolExecutor deadlines;
    private final ProbeSlot probe = new ProbeSlot();
    private volatile boolean stopping;
    private long lastRefusalLog;
    private long refusedSinceLog;

    @Activate
    public C2SListener(ListenerConfig config, Map<String, Object> properties, @Reference Hosts hosts, @Reference SessionManager sessions,
                       @Reference Router router, @Reference Certificates certificates) throws IOException {
        this(Settings.of(config), hosts, sessions, router, certificates);
        if (properties.containsKey(RETIRED_PER_IP_KEY))
            log.log(System.Logger.Level.WARNING, "listener on port {0}: {1} is ignored; it limited logged-in users behind one NAT too. "
                    + "Remove it from etc/xmpp.c2s-*.cfg; max.unauthenticated.per.ip limits connections that have not logged in",
                    String.valueOf(port()), RETIRED_PER_IP_KEY);
    }

    /** Outside OSGi (tests, tools, benchmarks). */
    public C2SListener(Settings settings, Hosts hosts, SessionManager sessions, Router router, Certificates certificates) throws IOException {
        this.settings = settings;
        limits = new ConnectionLimits(settings.maxConnections(), settings.maxUnauthenticatedPerIp(), new FailedLogins(
                settings.maxFailedLoginsPerIp(), settings.failedLoginsWindow(), ADDRESSES_WITH_FAILED_LOGINS, System::nanoTime));
        SecureRandom random = new SecureRandom();
        services = new Services(settings, hosts, sessions, router, authenticators, features, registrations, certificates,
                new StreamParser(StreamLimits.DEFAULT.withMaxStanzaBytes(settings.maxStanzaBytes())), random, new Resumptions(), probe);
        for (String host : hosts.all()) prepareCertificate(certificates, host);
        deadlines = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("c2s-deadlines-" + settings.port()).factory());
        deadlines.setRemoveOnCancelPolicy(true);   // a cancelled deadline must not keep its connection until it would have fired
        deadlines.scheduleWithFixedDelay(this::checkConnections, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        try {
            server = ServerSocketChannel.open();   // direct TLS too: each connection wraps its own socket, see Connection
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(settings.address(), settings.port()), 1024);
            port = server.socket().getLocalPort();
        } catch (IOException e) {
            deadlines.shutdownNow();
            throw new IOException("cannot listen for clients on " + settings.address() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        try {
            idleReaders = new IdleReaders("c2s-idle-" + port());
        } catch (IOException e) {
            deadlines.shutdownNow();
            closeQuietly(server);
            throw new IOException("cannot watch idle client connections on port " + port() + ": " + e.getMessage(), e);
        }
        acceptor = Thread.ofPlatform().daemon().name("c2s-accept-" + port()).start(this::acceptLoop);
        log.log(System.Logger.Level.INFO, "listening for clients: {0}{1}", settings.describe(), fileDescriptorNote());
    }

    private static void prepareCertificate(Certificates certificates, String host) {
        try {
            certificates.prepare(host);
        } catch (IOException | java.security.GeneralSecurityException e) {
            log.log(System.Logger.Level.ERROR, "no TLS certificate for {0} in {1}: {2}; clients of {0} cannot use TLS",
                    host, certificates.dir(), e.getMessage());
        }
    }

    /**
     * The JVM raises the soft descriptor limit to the hard one at start (HotSpot's MaxFDLimit);
     * say what we got. Read through the MXBean's own interface, found on the object, because
     * com.sun.management need not be visible in OSGi; not through the platform MBean server,
     * which would load and register every platform MBean (some 150 classes, JFR's among them)
     * in a server that never serves JMX.
     */
    private static String fileDescriptorNote() {
        Object os = ManagementFactory.getOperatingSystemMXBean();
        for (Class<?> type : os.getClass().getInterfaces()) {
            if (!type.getName().equals("com.sun.management.UnixOperatingSystemMXBean")) continue;
            try {
                return " (file descriptors: " + type.getMethod("getOpenFileDescriptorCount").invoke(os) + " open of "
                        + type.getMethod("getMaxFileDescriptorCount").invoke(os) + ")";
            } catch (ReflectiveOperationException e) {
                log.log(System.Logger.Level.DEBUG, "cannot read the file descriptor counts: {0}", e.toString());
            }
        }
        return "";   // not a Unix JVM
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public int port() {
        return port;
    }

    /** Every second: each connection's writer (keepalive, write timeout), and its parser if the stream waits. */
    void checkConnections() {
        for (Connection c : connections) {
            try {
                c.checkWriter();
                c.releaseIdleParser();
            } catch (RuntimeException e) {   // it must not end the periodic check for everyone else
                log.log(System.Logger.Level.ERROR, "bug checking the writer or the parser of " + c.peer() + "; the other checks go on", e);
            }
        }
    }

    /** Connections whose client is silent, waiting without a reading thread. */
    int idleReaders() {
        return idleReaders.watched();
    }

    /** Connections accepted and not yet closed. */
    int openConnections() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!stopping) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (stopping) return;
                // Typically "Too many open files": existing sessions go on; new clients wait.
                refused("cannot accept a connection (" + e.getMessage() + ")");
                pause();
                continue;
            }
            admit(socket);
        }
    }

    private void admit(SocketChannel socket) {
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            serve(new SocketTransport(socket, services.certificates(), idleReaders));
        } catch (ConnectionLimits.Refused e) {
            refused(e.getMessage());
            closeQuietly(socket);
        } catch (IOException | RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "cannot serve {0}: {1}", remoteOf(socket), e.getMessage());
            closeQuietly(socket);
        }
    }

    private static String remoteOf(SocketChannel socket) {
        try {
            return String.valueOf(socket.getRemoteAddress());
        } catch (IOException e) {
            return "a client (" + e.getMessage() + ")";
        }
    }

    /**
     * Serves a client's stream that arrives over {@code transport}: this listener's limits, settings
     * and sessions, whatever carries it (TCP here, WebSocket and BOSH through the HTTP service).
     * Refused when the limits do not admit it; the caller closes its connection then.
     */
    void serve(Transport transport) throws ConnectionLimits.Refused {
        ConnectionLimits.Admission admission = limits.admit(transport.remote());
        Connection[] self = new Connection[1];
        Runnable release = () -> {
            connections.remove(self[0]);
            admission.ended();
        };
        Connection c = new Connection(transport, services, admission, release);
        self[0] = c;
        connections.add(c);
        try {
            c.startLoginDeadline(deadlines);   // before it runs, so that its end always finds the deadline to cancel
            Thread.ofVirtual().name("c2s-" + c.peer()).start(c);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "cannot serve {0}: {1}", c.peer(), e.getMessage());
            transport.close();
            release.run();   // the connection's thread may never run to release it; releasing twice counts once
        }
    }

    /** The parser with this listener's limits: a framed carrier checks each frame with it. */
    StreamParser parser() {
        return services.parser();
    }

    /** This listener's settings: a framed carrier takes its keepalive from them. */
    Settings settings() {
        return settings;
    }

    private synchronized void refused(String why) {
        long now = System.nanoTime();
        refusedSinceLog++;
        if (now - lastRefusalLog < REFUSAL_LOG_INTERVAL_NANOS && lastRefusalLog != 0) return;
        log.log(System.Logger.Level.WARNING, "port {0}: {1}; {2} refused in the last minute, sessions go on",
                String.valueOf(port()), why, refusedSinceLog);
        lastRefusalLog = now;
        refusedSinceLog = 0;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.nio.channels.Channel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // refused anyway
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addAuthenticator(Authenticator authenticator, Map<String, Object> props) {
        authenticators.add(authenticator, props);
    }

    void removeAuthenticator(Authenticator authenticator) {
        authenticators.remove(authenticator);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addFeature(StreamFeature feature) {
        features.add(feature);
    }

    void removeFeature(StreamFeature feature) {
        features.remove(feature);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addRegistration(InBandRegistration registration) {
        registrations.add(registration);
    }

    void removeRegistration(InBandRegistration registration) {
        registrations.remove(registration);
    }

    // A metrics bundle, when one runs: it is told of each authentication.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void setProbe(ServerProbe bound) {
        probe.bind(bound);
    }

    void unsetProbe(ServerProbe unbound) {
        probe.unbind(unbound);
    }

    /** Stops listening and ends every stream with {@code system-shutdown}. */
    @Deactivate
    public void close() {
        stopping = true;
        try {
            server.close();
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "closing port {0}: {1}", String.valueOf(port()), e.getMessage());
        }
        for (Connection c : connections) c.closeWith(StreamError.of(StreamError.Condition.SYSTEM_SHUTDOWN, "the server is stopping"));
        // Detached sessions have no connection here any more; they end now, their stanzas routed elsewhere, not at an expiry that never comes.
        for (ClientSession s : services.resumptions().all()) s.close(StreamError.of(StreamError.Condition.SYSTEM_SHUTDOWN, "the server is stopping"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!connections.isEmpty() && System.nanoTime() < deadline) pause();
        deadlines.shutdownNow();
        idleReaders.close();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.log(System.Logger.Level.INFO, "stopped listening for clients on port {0}", String.valueOf(port()));
    }
}
