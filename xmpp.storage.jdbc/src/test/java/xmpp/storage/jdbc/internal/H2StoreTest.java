package xmpp.storage.jdbc.internal;

import java.nio.file.Path;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import xmpp.core.jid.Jid;

/** The store contract on the embedded default: an H2 file database. */
class H2StoreTest extends StoreContractTest {

    @TempDir
    Path folder;

    static Database h2(Path folder) {
        String url = Database.resolveUrl("", folder.toString());
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return new Database(url, ds, 4, 5_000, 4096);
    }

    @Override
    Database openEmptyDatabase() {
        return h2(folder);
    }

    @Override
    Database reopen() {
        return h2(folder);
    }

    @Test
    void thePoolTellsWhatItLendsOut() throws Exception {
        try (Database pooled = h2(folder.resolve("pool"))) {
            assertEquals(4, pooled.max());
            int activeInside = pooled.read("the pool's own count", c -> pooled.active());
            assertEquals(1, activeInside, "the connection this work runs on is lent out");
            assertEquals(0, pooled.active());
            assertTrue(pooled.idle() >= 1, "and back: " + pooled.idle());
            assertEquals(0, pooled.waiting());
        }
    }

    @Test
    void theDefaultUrlIsAnH2FileInTheDataFolder() {
        String url = Database.resolveUrl("", folder.resolve("data").toString());
        assertTrue(url.startsWith("jdbc:h2:file:" + folder.resolve("data").resolve("xmpp")), url);
        assertTrue(folder.resolve("data").toFile().isDirectory(), "created when missing");
        assertEquals("jdbc:postgresql://db/xmpp", Database.resolveUrl(" jdbc:postgresql://db/xmpp ", null));
    }

    @Test
    void anUnwritableDataFolderIsNamed() {
        Path file = folder.resolve("not-a-folder");
        assertTrue(file.toFile().mkdirs() && file.toFile().setWritable(false));
        if (!file.toFile().canWrite()) {   // root can write anywhere; then there is nothing to check
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> Database.resolveUrl("", file.toString()));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }

    @Test
    void dataSurvivesARestartOfTheJvm() throws Exception {
        db.close();
        // Another JVM writes and exits; this one reads what it left.
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WriteAndExit.class.getName(), folder.toString())
                .inheritIO().start();
        assertEquals(0, child.waitFor(), "the writing JVM failed");
        db = h2(folder);
        JdbcUserStore store = new JdbcUserStore(db);
        assertTrue(store.exists(Jid.of("written@example.net")));
        assertEquals(List.of("written"), store.list("example.net", 0, 10));
        assertEquals("kept", new JdbcOfflineStore(db).takeAll(Jid.of("written@example.net")).getFirst().message().attr("id"));
    }

    /** The child JVM of {@link #dataSurvivesARestartOfTheJvm}. */
    public static final class WriteAndExit {
        public static void main(String[] args) throws Exception {
            try (Database d = h2(Path.of(args[0]))) {
                Jid account = Jid.of("written@example.net");
                new JdbcUserStore(d).create(account, "pw");
                new JdbcOfflineStore(d).append(account, xmpp.core.xml.Element.of("message").withAttr("id", "kept"), java.time.Instant.now(), 10);
            }
            System.exit(0);
        }
    }
}
