package xmpp.s2s.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.spi.metrics.S2SStatistics;
import xmpp.core.spi.route.NodeLink;
import xmpp.core.spi.route.S2SManager;
import xmpp.core.spi.route.S2STable;
import xmpp.core.spi.stream.StreamLimits;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.spi.stream.StreamReader;
import xmpp.core.spi.tls.DomainCertificates;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.xml.Element;

/**
 * The S2S manager (seed section 3.4): the router hands it every stanza for a domain nobody here
 * serves, and it keeps one outgoing stream per (local domain, remote domain), made on the first
 * stanza and reused by the next; and the listener where other servers connect (5269). In a
 * cluster the {@link S2STable} says which node holds each stream: the first node to need one
 * claims it, the others forward their stanzas to that node over the {@link NodeLink}.
 */
@Component(service = {S2SManager.class, S2SService.class, S2SStatistics.class}, immediate = true, configurationPid = S2SConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = S2SConfig.class)
public final class S2SService implements S2SManager, S2SStatistics {

    private static final System.Logger log = System.getLogger(S2SService.class.getName());

    /** The key of an outgoing stream. */
    private record Pair(String local, String remote) {
    }

    private final Federation federation;
    private final DialbackVerifier verifier;
    private final Map<Pair, OutgoingStream> outgoing = new ConcurrentHashMap<>();
    private final Set<IncomingStream> incoming = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final ServerSocket server;
    private final Thread acceptor;
    private volatile boolean stopping;
    // Both come with a cluster bundle and may come and go with its Hazelcast member; without a
    // table every stream is this node's, as on a single server.
    private volatile S2STable table;
    private volatile NodeLink link;

    @Activate
    public S2SService(S2SConfig config, @Reference Router router, @Reference Hosts hosts, @Reference DomainCertificates certificates)
            throws IOException, GeneralSecurityException {
        this(Settings.of(config), router, hosts, certificates, new DnsJava(java.time.Duration.ofSeconds(config.dns_timeout_s())));
    }

    S2SService(Settings settings, Router router, Hosts hosts, DomainCertificates certificates, Dns dns) throws IOException, GeneralSecurityException {
        String secret = settings.dialbackSecret();
        SecureRandom random = new SecureRandom();
        if (secret.isEmpty()) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            secret = java.util.HexFormat.of().formatHex(bytes);
        }
        StreamParser parser = new StreamParser(StreamLimits.DEFAULT.withMaxStanzaBytes(settings.maxStanzaBytes()));
        Tls tls = new Tls(certificates);
        Dialer dialer = new Dialer(new PeerResolver(settings.staticRoutes(), dns), tls, parser, settings.tlsRequired(), settings.connectTimeout());
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("s2s-deadlines").factory());
        deadlines.setRemoveOnCancelPolicy(true);
        deadlines.scheduleWithFixedDelay(this::checkStreams, StreamReader.IDLE_CHECK_MILLIS, StreamReader.IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        federation = new Federation(settings, hosts, router, new Bounces(router), dialer, tls,
                new PeerVerifier(settings.trustAnchors(), Clock.systemUTC()), new DialbackKeys(secret), parser, deadlines, random);
        verifier = new DialbackVerifier(dialer);
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(settings.address(), settings.port()), 128);
        } catch (IOException e) {
            deadlines.shutdownNow();
            throw new IOException("cannot listen for servers on " + settings.address() + ":" + settings.port() + ": " + e.getMessage()
                    + "; change port in etc/" + S2SConfig.PID + ".cfg", e);
        }
        acceptor = Thread.ofPlatform().daemon().name("s2s-accept-" + port()).start(this::acceptLoop);
        log.log(System.Logger.Level.INFO, "listening for servers: {0}; static routes {1}", settings.describe(), settings.staticRoutes());
    }

    /** The port actually bound. */
    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void route(Jid from, Jid to, Element stanza) {
        Element addressed = stanza.withAttr("from", from.toString()).withAttr("to", to.toString());
        Pair pair = new Pair(from.domainpart(), to.domainpart());
        if (stopping) {
            federation.bounces().bounce(addressed, Condition.REMOTE_SERVER_TIMEOUT, "the server is stopping");
            return;
        }
        while (true) {
            OutgoingStream stream = outgoing.get(pair);
            if (stream == null) {
                AtomicReference<String> elsewhere = new AtomicReference<>();
                // Claimed under the map's lock for the pair, which ended() also takes to release
                // it: a claim is never released under a stream that was opened on its strength.
                stream = outgoing.computeIfAbsent(pair, p -> {
                    Optional<String> owner = claim(p);
                    owner.ifPresent(elsewhere::set);
                    return owner.isPresent() ? null : open(p);
                });
                if (stream == null) {
                    forward(elsewhere.get(), from, to, stanza, addressed);
                    return;
                }
            }
            switch (stream.offer(addressed)) {
                case QUEUED -> {
                    return;
                }
                case FULL -> {
                    log.log(System.Logger.Level.WARNING, "{0} stanzas already wait for {1}; one more bounced with remote-server-timeout",
                            federation.settings().maxQueuedStanzas(), pair.remote());
                    federation.bounces().bounce(addressed, Condition.REMOTE_SERVER_TIMEOUT, "too many stanzas wait for " + pair.remote());
                    return;
                }
                case CLOSED -> outgoing.remove(pair, stream);   // it was ending: the next turn opens a new one
            }
        }
    }

    /** The node holding the stream of {@code pair}, empty when it is (now) this one's. */
    private Optional<String> claim(Pair pair) {
        S2STable t = table;
        return t == null ? Optional.empty() : t.claim(pair.local(), pair.remote());
    }

    /** To the node that holds the stream, where the stanza is routed again and goes out on it. */
    private void forward(String owner, Jid from, Jid to, Element stanza, Element addressed) {
        NodeLink l = link;
        if (l != null && l.forward(owner, from, to, stanza)) return;
        log.log(System.Logger.Level.WARNING, "the stream to {0} is node {1}''s, which cannot be reached; a <{2}/> from {3} bounced with remote-server-timeout",
                to.domainpart(), owner, stanza.name(), from);
        federation.bounces().bounce(addressed, Condition.REMOTE_SERVER_TIMEOUT, "the cluster node holding the stream to " + to.domainpart() + " cannot be reached");
    }

    private OutgoingStream open(Pair pair) {
        OutgoingStream stream = new OutgoingStream(ids.incrementAndGet(), pair.local(), pair.remote(), federation, s -> ended(pair, s));
        Thread.ofVirtual().name("s2s-out-" + pair.remote()).start(stream);
        return stream;
    }

    private void ended(Pair pair, OutgoingStream stream) {
        outgoing.computeIfPresent(pair, (p, current) -> {
            if (current != stream) return current;
            S2STable t = table;
            if (t != null) t.release(p.local(), p.remote());
            return null;
        });
    }

    // Greedy: a cluster's table that arrives while streams are open takes them as this node's.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setS2STable(S2STable s2sTable) {
        table = s2sTable;
        for (Pair p : outgoing.keySet())
            s2sTable.claim(p.local(), p.remote()).ifPresent(other -> log.log(System.Logger.Level.WARNING,
                    "node {0} holds a stream from {1} to {2} too; this node''s closes when idle", other, p.local(), p.remote()));
    }

    void unsetS2STable(S2STable s2sTable) {
        if (table == s2sTable) table = null;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setNodeLink(NodeLink nodeLink) {
        link = nodeLink;
    }

    void unsetNodeLink(NodeLink nodeLink) {
        if (link == nodeLink) link = null;
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (stopping) return;
                log.log(System.Logger.Level.WARNING, "cannot accept a server connection on port {0}: {1}", String.valueOf(port()), e.getMessage());
                pause();
                continue;
            }
            if (incoming.size() >= federation.settings().maxIncoming()) {
                log.log(System.Logger.Level.WARNING, "refused a server connection from {0}: max.incoming ({1}) streams are open",
                        socket.getInetAddress().getHostAddress(), federation.settings().maxIncoming());
                closeQuietly(socket);
                continue;
            }
            IncomingStream stream = new IncomingStream(ids.incrementAndGet(), socket, federation, verifier, incoming::remove);
            incoming.add(stream);
            Thread.ofVirtual().name("s2s-in-" + socket.getInetAddress().getHostAddress()).start(stream);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // refused anyway
        }
    }

    /** Every second: each stream's parser, if the stream waits for input (see {@link S2SStream#releaseIdleParser()}). */
    void checkStreams() {
        for (S2SStream stream : openStreams()) {
            try {
                stream.releaseIdleParser();
            } catch (RuntimeException e) {   // it must not end the periodic check for every other stream
                log.log(System.Logger.Level.ERROR, "bug checking the parser of s2s stream " + stream.info().id() + "; the other checks go on", e);
            }
        }
    }

    /** Every stream open now, outgoing and incoming. */
    List<S2SStream> openStreams() {
        return Stream.<S2SStream>concat(outgoing.values().stream(), incoming.stream()).toList();
    }

    /** Every stream, outgoing then incoming, oldest first in each. */
    List<S2SStream.Info> streams() {
        return openStreams().stream().map(S2SStream::info)
                .sorted(Comparator.comparing(S2SStream.Info::direction).reversed().thenComparing(S2SStream.Info::id)).toList();
    }

    @Override
    public int incoming() {
        return incoming.size();
    }

    @Override
    public int outgoing() {
        return outgoing.size();
    }

    @Override
    public int queued() {
        return outgoing.values().stream().mapToInt(s -> s.info().queued()).sum();
    }

    /** Closes the stream with that id; false when there is none. */
    boolean close(long id) {
        Optional<S2SStream> found = openStreams().stream().filter(s -> s.info().id() == id).findFirst();
        found.ifPresent(s -> s.close("closed from the shell"));
        return found.isPresent();
    }

    @Deactivate
    public void stop() {
        stopping = true;
        try {
            server.close();
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "closing port {0}: {1}", String.valueOf(port()), e.getMessage());
        }
        outgoing.values().forEach(s -> s.close("the server is stopping"));
        incoming.forEach(s -> s.close("the server is stopping"));
        federation.deadlines().shutdownNow();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.log(System.Logger.Level.INFO, "stopped federating; port {0} closed", String.valueOf(port()));
    }
}
