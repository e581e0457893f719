package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xmpp.core.jid.Jid;
import xmpp.core.spi.auth.ScramMechanism;
import xmpp.storage.jdbc.internal.Database;
import xmpp.storage.jdbc.internal.JdbcUserStore;
import xmpp.storage.jdbc.internal.StoredUserAuthenticator;

/** The server's first SCRAM message for an unknown user must look like one for a real account. */
class ScramSaslTest {

    private static final int CONFIGURED_ITERATIONS = 10_000;   // an operator raised scram.iterations

    @TempDir
    Path folder;

    private Database db;
    private StoredUserAuthenticator auth;

    @BeforeEach
    void open() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        String url = "jdbc:h2:file:" + folder.resolve("xmpp");
        ds.setURL(url);
        db = new Database(url, ds, 2, 5_000, CONFIGURED_ITERATIONS);
        JdbcUserStore users = new JdbcUserStore(db);
        if (!users.exists(Jid.of("romeo@localhost"))) users.create(Jid.of("romeo@localhost"), "pencil");
        auth = new StoredUserAuthenticator(users);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anUnknownUserGetsTheConfiguredIterationCountAndASaltLikeARealOne() {
        for (ScramMechanism m : ScramMechanism.values()) {
            Map<Character, String> known = serverFirst(m, "romeo");
            Map<Character, String> unknown = serverFirst(m, "nobody");
            assertEquals(String.valueOf(CONFIGURED_ITERATIONS), known.get('i'), m.saslName());
            assertEquals(known.get('i'), unknown.get('i'), m.saslName() + ": the made-up iteration count");
            assertEquals(Base64.getDecoder().decode(known.get('s')).length, Base64.getDecoder().decode(unknown.get('s')).length,
                    m.saslName() + ": the made-up salt's length");
        }
    }

    /**
     * A real account's salt is the same on every listener (5222 and 5223), every node and after
     * a restart: a made-up one must be too, or comparing them tells which accounts exist.
     */
    @Test
    void anUnknownUsersSaltIsTheSameOnEveryListenerAndAfterARestart() throws Exception {
        for (ScramMechanism m : ScramMechanism.values()) {
            String salt = serverFirst(m, "nobody").get('s');
            assertEquals(salt, serverFirst(m, "nobody").get('s'), m.saslName() + ": another listener");
            assertNotEquals(salt, serverFirst(m, "somebody").get('s'), m.saslName() + ": another name");
            assertEquals(serverFirst(m, "romeo").get('s'), serverFirst(m, "romeo").get('s'), m.saslName() + ": as for a real account");
            close();
            open();
            assertEquals(salt, serverFirst(m, "nobody").get('s'), m.saslName() + ": after a restart");
        }
    }

    /** One exchange, as any listener starts it. */
    private Map<Character, String> serverFirst(ScramMechanism m, String user) {
        ScramSasl sasl = new ScramSasl(m, false, "localhost", auth, Map.of(), false, new SecureRandom());
        Sasl.Step step = sasl.next(("n,,n=" + user + ",r=clientnonce").getBytes(StandardCharsets.UTF_8));
        String message = new String(((Sasl.Challenge) step).data(), StandardCharsets.UTF_8);
        Map<Character, String> attrs = new java.util.HashMap<>();
        for (String part : message.split(",")) attrs.put(part.charAt(0), part.substring(2));
        return attrs;
    }
}
