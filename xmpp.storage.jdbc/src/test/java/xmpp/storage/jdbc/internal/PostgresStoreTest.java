package xmpp.storage.jdbc.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The store contract on a real PostgreSQL server, named by {@code XMPP_TEST_PG_URL}. {@code bin/test}
 * (and so CI) starts a throwaway server on loopback and sets it; without it these tests are
 * skipped, except under CI, where that is a failure.
 */
class PostgresStoreTest extends StoreContractTest {

    static final String URL = System.getenv("XMPP_TEST_PG_URL");

    @BeforeAll
    static void requirePostgres() {
        if (URL != null) return;
        if (System.getenv("CI") != null) fail("XMPP_TEST_PG_URL is not set: CI must run bin/test, which starts PostgreSQL");
        // Skipped, not failed: bin/mvn alone has no database server; bin/test runs these.
        org.junit.jupiter.api.Assumptions.abort("no PostgreSQL: set XMPP_TEST_PG_URL, or run bin/test");
    }

    static Database postgres(String url) {
        return postgres(url, 5_000);
    }

    static Database postgres(String url, long connectionTimeoutMillis) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        return new Database(url, ds, 4, connectionTimeoutMillis, 4096);
    }

    @Override
    Database openEmptyDatabase() throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(URL);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        return postgres(URL);
    }

    @Override
    Database reopen() {
        return postgres(URL);
    }

    @Test
    void aServerThatCannotBeReachedIsNamedAndDoesNotStopTheStart() {
        String url = "jdbc:postgresql://127.0.0.1:1/xmpp?connectTimeout=1";
        try (Database unreachable = postgres(url, 250)) {   // must not throw: the server starts without its database
            assertFailsNamingTheUrl(unreachable, url);
        }
    }
}
