package xmpp.c2s.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.h2.jdbcx.JdbcDataSource;
import xmpp.core.jid.Jid;
import xmpp.core.spi.route.RouteTable;
import xmpp.core.spi.route.SessionTable;
import xmpp.router.internal.HookRunner;
import xmpp.router.internal.InMemoryRouteTable;
import xmpp.router.internal.InMemorySessionTable;
import xmpp.router.internal.IqDispatcher;
import xmpp.router.internal.ServerConfig;
import xmpp.router.internal.ServerConfigs;
import xmpp.router.internal.SessionListeners;
import xmpp.router.internal.XmppRouter;
import xmpp.storage.jdbc.internal.Database;
import xmpp.storage.jdbc.internal.JdbcUserStore;
import xmpp.storage.jdbc.internal.StoredUserAuthenticator;

/**
 * Also used by xmpp.bench (through this module's test-jar).
 *
 * A whole server in this JVM, from its real parts wired as DS would wire them: router, H2
 * storage with its authenticator, certificates, and client listeners on ephemeral ports.
 */
public final class TestServer implements AutoCloseable {

    public final Path folder;
    public final XmppRouter router;
    final IqDispatcher iqs;
    final Database database;
    public final JdbcUserStore users;
    final StoredUserAuthenticator authenticator;
    final Certificates certificates;
    private final List<C2SListener> listeners = new ArrayList<>();

    public TestServer() throws Exception {
        this(Files.createTempDirectory("xmpp-c2s-test"));
    }

    TestServer(Path folder) throws Exception {
        this(folder, ServerConfigs.of("localhost"), new InMemoryRouteTable(), new InMemorySessionTable());
    }

    /** A node of a cluster, on the cluster's tables: xmpp.bench's load across two nodes. */
    public static TestServer onClusterNode(String node, RouteTable routes, SessionTable sessions) throws Exception {
        return new TestServer(Files.createTempDirectory("xmpp-c2s-test"), ServerConfigs.onNode(node, "localhost"), routes, sessions);
    }

    private TestServer(Path folder, ServerConfig config, RouteTable routes, SessionTable sessions) throws Exception {
        this.folder = folder;
        iqs = new IqDispatcher(config);
        router = new XmppRouter(config, iqs, new HookRunner(), new SessionListeners(), routes, sessions);
        JdbcDataSource ds = new JdbcDataSource();
        String url = "jdbc:h2:file:" + folder.resolve("xmpp");
        ds.setURL(url);
        database = new Database(url, ds, 4, 5_000, 4096);
        users = new JdbcUserStore(database);
        authenticator = new StoredUserAuthenticator(users);
        router.addAuthenticator(authenticator, Map.of("xmpp.host", "*", "service.id", 1L));
        users.create(Jid.of("romeo@localhost"), "pencil");
        users.create(Jid.of("juliet@localhost"), "wherefore");
        certificates = new Certificates(folder.resolve("certs"), router);
    }

    public static Settings settings() {
        return new Settings("127.0.0.1", 0, false, true, false, 262_144, Duration.ofSeconds(60), 3, 1000, 100, 20, Duration.ofHours(1),
                1000, 4 * 1024 * 1024, Duration.ofSeconds(60), Duration.ofSeconds(15));
    }

    /** The same, with limits a load tool's burst of logins and messages never reaches (xmpp.bench). */
    public static Settings forLoad() {
        Settings s = settings();
        return new Settings(s.address(), 0, false, true, false, s.maxStanzaBytes(), s.authTimeout(), s.maxAuthFailures(), 100_000, 100_000,
                s.maxFailedLoginsPerIp(), s.failedLoginsWindow(), 10_000, 64 << 20, s.keepalive(), s.writeTimeout());
    }

    /** The same, with plain text allowed to loopback clients (plaintext.on.loopback, as shipped): what plain HTTP on loopback needs. */
    static Settings plaintextOnLoopback() {
        return plaintextOnLoopback(settings().maxConnections(), settings().maxUnauthenticatedPerIp());
    }

    /** The same, with these connection limits. */
    static Settings plaintextOnLoopback(int maxConnections, int maxUnauthenticatedPerIp) {
        Settings d = settings();
        return new Settings(d.address(), d.port(), d.directTls(), d.starttlsRequired(), true, d.maxStanzaBytes(), d.authTimeout(),
                d.maxAuthFailures(), maxConnections, maxUnauthenticatedPerIp, d.maxFailedLoginsPerIp(), d.failedLoginsWindow(),
                d.maxQueuedStanzas(), d.maxQueuedBytes(), d.keepalive(), d.writeTimeout());
    }

    /** Starts a listener with these settings and the server's authenticator. */
    public C2SListener listen(Settings settings) throws Exception {
        C2SListener l = new C2SListener(settings, router, router, router, certificates);
        l.addAuthenticator(authenticator, Map.of("xmpp.host", "*", "service.id", 1L));
        listeners.add(l);
        return l;
    }

    /** A client-side view of a server running elsewhere (another JVM) in {@code folder}: for its certificate only. */
    public static TestServer trusting(Path folder) {
        return new TestServer(folder, true);
    }

    private TestServer(Path folder, boolean clientSideOnly) {
        this.folder = folder;
        router = null;
        iqs = null;
        database = null;
        users = null;
        authenticator = null;
        certificates = null;
    }

    /** Trusts exactly the certificate the server made for localhost, as a user told to trust it would. */
    X509TrustManager trust() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(folder.resolve("certs/localhost.crt"))) {
            store.setCertificateEntry("localhost", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    public SSLContext tlsClient() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {trust()}, null);
        return context;
    }

    @Override
    public void close() {
        for (C2SListener l : listeners) l.close();
        if (database != null) database.close();
        if (iqs != null) iqs.deactivate();
    }
}
