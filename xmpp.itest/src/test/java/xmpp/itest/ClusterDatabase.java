package xmpp.itest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.tools.Server;

/**
 * The one database of a test cluster's nodes, outliving the nodes the tests stop and kill.
 * PostgreSQL where {@code XMPP_TEST_PG_URL} names a server (bin/test and CI start one): a database
 * of its own on it, so the store's own tests, which empty theirs, never meet the cluster's. Without
 * it (a developer's machine) an H2 server in this JVM, which needs nothing installed.
 */
final class ClusterDatabase implements AutoCloseable {

    private static final String PG_URL = System.getenv("XMPP_TEST_PG_URL");

    /** The nodes' {@code url} in etc/xmpp.storage.jdbc.cfg. */
    final String url;
    /** The nodes' {@code dataSourceFactory.target}. */
    final String driverTarget;
    private final Server h2;
    private final String pgDatabase;

    private ClusterDatabase(String url, String driverTarget, Server h2, String pgDatabase) {
        this.url = url;
        this.driverTarget = driverTarget;
        this.h2 = h2;
        this.pgDatabase = pgDatabase;
    }

    static ClusterDatabase start() throws Exception {
        if (PG_URL == null) {
            Path data = Files.createTempDirectory("xmpp-cluster-db");
            Server h2 = Server.createTcpServer("-tcpPort", String.valueOf(ServerProcess.freePort()), "-baseDir", data.toString(), "-ifNotExists").start();
            return new ClusterDatabase("jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/xmpp", "(osgi.jdbc.driver.class=org.h2.Driver)", h2, null);
        }
        String name = "xmpp_cluster_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        // XMPP_TEST_PG_URL names the server's maintenance database: the same URL with this one's name
        String url = PG_URL.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
        return new ClusterDatabase(url, "(osgi.jdbc.driver.class=org.postgresql.Driver)", null, name);
    }

    boolean postgres() {
        return pgDatabase != null;
    }

    /** Whether the account {@code user@host} is in this database: the nodes store there and nowhere else. */
    boolean hasAccount(String user, String host) throws SQLException {
        try (Connection c = connection();
             PreparedStatement q = c.prepareStatement("SELECT 1 FROM xmpp_users WHERE host = ? AND username = ?")) {
            q.setString(1, host);
            q.setString(2, user);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    private Connection connection() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** After the nodes: the H2 server stops, the PostgreSQL database is dropped. */
    @Override
    public void close() throws SQLException {
        if (h2 != null) h2.stop();
        if (pgDatabase == null) return;
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
        }
    }
}
