package xmpp.storage.jdbc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.MacSpi;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xmpp.core.jid.Jid;
import xmpp.core.spi.auth.ScramMechanism;

/**
 * Logins must not tell which accounts exist. The work a password check costs is counted in
 * HMAC computations (PBKDF2 is one per iteration), so the test needs no clock.
 */
class StoredUserAuthenticatorTest {

    private static final int CONFIGURED_ITERATIONS = 5000;   // an operator raised scram.iterations

    @TempDir
    Path folder;

    private Database db;
    private StoredUserAuthenticator auth;
    private final CountingHmac counting = new CountingHmac();

    @BeforeEach
    void open() throws Exception {
        String url = Database.resolveUrl("", folder.toString());
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        db = new Database(url, ds, 2, 5_000, CONFIGURED_ITERATIONS);
        JdbcUserStore users = new JdbcUserStore(db);
        users.create(Jid.of("romeo@example.net"), "pencil");
        auth = new StoredUserAuthenticator(users);
        Security.insertProviderAt(counting, 1);
    }

    @AfterEach
    void close() {
        Security.removeProvider(counting.getName());
        db.close();
    }

    @Test
    void aPlainLoginForAnUnknownUserCostsThePbkdf2WorkOfAKnownOne() throws Exception {
        long known = hmacsWhile(() -> assertFalse(auth.checkPassword("romeo", "example.net", "guess")));
        long unknown = hmacsWhile(() -> assertFalse(auth.checkPassword("nobody", "example.net", "guess")));
        long impossible = hmacsWhile(() -> assertFalse(auth.checkPassword("no@body", "example.net", "guess")));
        assertTrue(known >= CONFIGURED_ITERATIONS, "PBKDF2 with the configured count for the known user: " + known);
        assertEquals(known, unknown, "HMACs for an unknown user");
        assertEquals(known, impossible, "HMACs for a name that cannot be an account");
        assertTrue(auth.checkPassword("romeo", "example.net", "pencil"), "and the right password still works");
    }

    @Test
    void scramParametersForUnknownUsersUseTheConfiguredIterationCount() throws Exception {
        for (ScramMechanism m : ScramMechanism.values())
            assertEquals(CONFIGURED_ITERATIONS, auth.madeUpCredentials("nobody", "example.net", m).iterations(), m.saslName());
    }

    @Test
    void madeUpSaltsFollowTheNormalizedName() throws Exception {
        assertTrue(java.util.Arrays.equals(auth.madeUpCredentials("nobody", "example.net", ScramMechanism.SHA_256).salt(),
                auth.madeUpCredentials("NoBody", "Example.NET", ScramMechanism.SHA_256).salt()), "one account, one salt");
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    private long hmacsWhile(Check check) throws Exception {
        long before = counting.computed.get();
        check.run();
        return counting.computed.get() - before;
    }

    /** HmacSHA256 from the JDK's provider, counted: ranked first, so SCRAM's Mac lookups find it. */
    private static final class CountingHmac extends Provider {

        final AtomicLong computed = new AtomicLong();

        CountingHmac() {
            super("CountingHmac", "1.0", "HmacSHA256 that counts its computations");
            putService(new Service(this, "Mac", "HmacSHA256", Counted.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) {
                    return new Counted(computed);
                }
            });
        }
    }

    private static final class Counted extends MacSpi {

        private final AtomicLong computed;
        private final Mac real;

        Counted(AtomicLong computed) {
            this.computed = computed;
            try {
                real = Mac.getInstance("HmacSHA256", "SunJCE");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected int engineGetMacLength() {
            return real.getMacLength();
        }

        @Override
        protected void engineInit(Key key, AlgorithmParameterSpec params) throws java.security.InvalidKeyException,
                java.security.InvalidAlgorithmParameterException {
            real.init(key, params);
        }

        @Override
        protected void engineUpdate(byte input) {
            real.update(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            real.update(input, offset, len);
        }

        @Override
        protected byte[] engineDoFinal() {
            computed.incrementAndGet();
            return real.doFinal();
        }

        @Override
        protected void engineReset() {
            real.reset();
        }
    }
}
