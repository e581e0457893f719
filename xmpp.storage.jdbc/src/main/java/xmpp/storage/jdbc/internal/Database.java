package xmpp.storage.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Properties;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import xmpp.core.spi.metrics.PoolStatistics;
import xmpp.core.storage.StorageException;

/**
 * The connection pool, obtained the OSGi way: the driver's {@link DataSourceFactory} service
 * makes the {@code DataSource}, HikariCP pools it, and the schema is brought to the newest
 * version before the first use. A database that is down at start does not stop the server:
 * every use tries again, and each failure names the URL and the cause.
 */
@Component(service = {Database.class, PoolStatistics.class}, configurationPid = JdbcConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JdbcConfig.class)
public final class Database implements AutoCloseable, PoolStatistics {

    private static final System.Logger log = System.getLogger(Database.class.getName());

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final String url;
    private final String shownUrl;   // without its password, if it has one: for log lines and errors
    private final HikariDataSource pool;
    private final int scramIterations;
    private volatile boolean schemaReady;

    @Activate
    public Database(JdbcConfig config, BundleContext context,
                    @Reference(name = "dataSourceFactory", target = JdbcConfig.H2_DRIVER_FILTER) DataSourceFactory factory) throws SQLException {
        this(resolveUrl(config.url(), context.getProperty("xmpp.data")), config, factory);
    }

    private Database(String url, JdbcConfig config, DataSourceFactory factory) throws SQLException {
        this(url, factory.createDataSource(jdbcProperties(url, config)), config.pool_size(), config.connection_timeout_ms(), config.scram_iterations());
        if (url.startsWith("jdbc:postgresql:") && !config.dataSourceFactory_target().contains("postgresql"))
            log.log(System.Logger.Level.ERROR, "{0}: url is PostgreSQL but dataSourceFactory.target is {1}; "
                    + "set dataSourceFactory.target=(osgi.jdbc.driver.class=org.postgresql.Driver)", JdbcConfig.PID, config.dataSourceFactory_target());
    }

    /** For tests and tools outside OSGi: a pool over any DataSource. */
    public Database(String url, DataSource dataSource, int poolSize, long connectionTimeoutMillis, int scramIterations) {
        this.url = url;
        this.shownUrl = JdbcUrl.shown(url);
        this.scramIterations = scramIterations;
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("xmpp-storage");
        hc.setDataSource(dataSource);
        hc.setMaximumPoolSize(poolSize);
        hc.setConnectionTimeout(connectionTimeoutMillis);
        hc.setInitializationFailTimeout(-1);   // start even if the database is down; each use retries
        pool = new HikariDataSource(hc);
        try {
            ensureSchema();
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "{0}; the server runs on and tries again at each use", e.getMessage());
        }
    }

    static String resolveUrl(String configured, String dataFolder) {
        if (!configured.isBlank()) return configured.strip();
        Path data = Path.of(dataFolder == null || dataFolder.isBlank() ? "data" : dataFolder).toAbsolutePath();
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data folder " + data + ": " + e, e);
        }
        if (!Files.isWritable(data)) throw new IllegalStateException("the data folder " + data + " is not writable");
        // DB_CLOSE_ON_EXIT=FALSE: the database closes when the pool does, after the last write, not in a JVM hook before it.
        return "jdbc:h2:file:" + data.resolve("xmpp") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    private static Properties jdbcProperties(String url, JdbcConfig config) {
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, url);
        if (!config.user().isEmpty()) p.setProperty(DataSourceFactory.JDBC_USER, config.user());
        if (!config.password().isEmpty()) p.setProperty(DataSourceFactory.JDBC_PASSWORD, config.password());
        return p;
    }

    int scramIterations() {
        return scramIterations;
    }

    // ---- PoolStatistics: read when metrics are scraped

    @Override
    public int active() {
        HikariPoolMXBean p = pool.getHikariPoolMXBean();
        return p == null ? 0 : p.getActiveConnections();
    }

    @Override
    public int idle() {
        HikariPoolMXBean p = pool.getHikariPoolMXBean();
        return p == null ? 0 : p.getIdleConnections();
    }

    @Override
    public int max() {
        return pool.getMaximumPoolSize();
    }

    @Override
    public int waiting() {
        HikariPoolMXBean p = pool.getHikariPoolMXBean();
        return p == null ? 0 : p.getThreadsAwaitingConnection();
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    <T> T read(String what, Work<T> work) throws StorageException {
        ensureSchema();
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs {@code work} in one transaction: all of it, or nothing. */
    <T> T transaction(String what, Work<T> work) throws StorageException {
        ensureSchema();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private StorageException failure(String what, SQLException e) {
        return new StorageException("database " + shownUrl + ": " + what + " failed: " + driverMessage(e), e);
    }

    /** A driver may quote the URL it was given. */
    private String driverMessage(Exception e) {
        return String.valueOf(e.getMessage()).replace(url, shownUrl);
    }

    private void ensureSchema() throws StorageException {
        if (schemaReady) return;
        synchronized (this) {
            if (schemaReady) return;
            try (Connection c = pool.getConnection()) {
                int version = Migrations.migrate(c);
                log.log(System.Logger.Level.INFO, "storage ready at {0}, schema version {1}", shownUrl, version);
                schemaReady = true;
            } catch (SQLException | IOException e) {
                throw new StorageException("database " + shownUrl + ": cannot open or migrate the schema: " + driverMessage(e), e);
            }
        }
    }

    /** A statement with {@code params} bound in order. */
    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
        return s;
    }

    /** The number a one-row, one-column query answers (a count, a maximum); 0 for SQL NULL. */
    static long number(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); java.sql.ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        }
    }

    /**
     * Inserts unless the key exists; false if it did. Inside a transaction: a savepoint keeps a
     * unique violation from aborting the rest (PostgreSQL would).
     */
    static boolean insertIfAbsent(Connection c, String sql, Object... params) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            update(c, sql, params);
            c.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) throw e;   // SQL standard: unique violation
            c.rollback(savepoint);
            return false;
        }
    }

    /** Updates the row, or inserts it when there is none, also when another writer inserts at the same time. */
    static void upsert(Connection c, String updateSql, Object[] updateParams, String insertSql, Object[] insertParams) throws SQLException {
        if (update(c, updateSql, updateParams) > 0) return;
        if (!insertIfAbsent(c, insertSql, insertParams)) update(c, updateSql, updateParams);
    }

    @Deactivate
    @Override
    public void close() {
        pool.close();   // H2 closes the database file with the last connection
        log.log(System.Logger.Level.INFO, "storage at {0} closed", shownUrl);
    }
}
