package xmpp.storage.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.spi.auth.Scram;
import xmpp.core.spi.auth.ScramCredentials;
import xmpp.core.spi.auth.ScramMechanism;
import xmpp.core.spi.storage.UserStore;
import xmpp.core.storage.StorageException;

/** Accounts with SCRAM credentials for every mechanism; deleting one deletes all its data. */
@Component
public final class JdbcUserStore implements UserStore {

    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private static final String MADE_UP_SALTS = "made-up-salts";

    private final Database db;
    private final SecureRandom random = new SecureRandom();
    private volatile byte[] madeUpSaltSecret;   // read once: it never changes

    @Activate
    public JdbcUserStore(@Reference Database db) {
        this.db = db;
    }

    @Override
    public boolean create(Jid account, String password) throws StorageException {
        List<ScramCredentials> credentials = credentialsFor(password);   // PBKDF2 outside the transaction
        return db.transaction("creating account " + account.bare(), c -> {
            if (!Database.insertIfAbsent(c, "INSERT INTO xmpp_users (host, username, created_at) VALUES (?, ?, ?)",
                    account.domainpart(), account.localpart(), OffsetDateTime.now())) return false;
            insertCredentials(c, account, credentials);
            return true;
        });
    }

    @Override
    public boolean delete(Jid account) throws StorageException {
        String owner = account.bare().toString();
        return db.transaction("deleting account " + owner, c -> {
            for (String table : new String[] {"xmpp_roster", "xmpp_roster_versions", "xmpp_offline", "xmpp_private", "xmpp_vcards"})
                Database.update(c, "DELETE FROM " + table + " WHERE owner = ?", owner);
            for (String table : new String[] {"xmpp_pubsub_items", "xmpp_pubsub_subscriptions", "xmpp_pubsub_affiliations", "xmpp_pubsub_nodes"})   // her PEP service
                Database.update(c, "DELETE FROM " + table + " WHERE service = ?", owner);
            Database.update(c, "DELETE FROM xmpp_pubsub_subscriptions WHERE bare_jid = ?", owner);   // hers at other services
            Database.update(c, "DELETE FROM xmpp_pubsub_affiliations WHERE jid = ?", owner);
            // her message archive (XEP-0313); her JID keeps its number (ArchiveJidNumbers)
            Database.update(c, "DELETE FROM xmpp_archive WHERE owner = (SELECT id FROM xmpp_archive_jids WHERE jid = ?)", owner);
            return Database.update(c, "DELETE FROM xmpp_users WHERE host = ? AND username = ?", account.domainpart(), account.localpart()) > 0;
        });
    }

    @Override
    public boolean exists(Jid account) throws StorageException {
        return db.read("looking up account " + account.bare(), c -> {
            try (PreparedStatement s = Database.prepare(c, "SELECT 1 FROM xmpp_users WHERE host = ? AND username = ?",
                    account.domainpart(), account.localpart()); ResultSet r = s.executeQuery()) {
                return r.next();
            }
        });
    }

    @Override
    public boolean setPassword(Jid account, String password) throws StorageException {
        List<ScramCredentials> credentials = credentialsFor(password);
        return db.transaction("changing the password of " + account.bare(), c -> {
            // Locks the account row, so a concurrent delete cannot leave credentials behind.
            if (Database.update(c, "UPDATE xmpp_users SET host = host WHERE host = ? AND username = ?", account.domainpart(), account.localpart()) == 0)
                return false;
            Database.update(c, "DELETE FROM xmpp_scram WHERE host = ? AND username = ?", account.domainpart(), account.localpart());
            insertCredentials(c, account, credentials);
            return true;
        });
    }

    @Override
    public Optional<ScramCredentials> credentials(Jid account, ScramMechanism mechanism) throws StorageException {
        return db.read("reading credentials of " + account.bare(), c -> {
            try (PreparedStatement s = Database.prepare(c,
                    "SELECT salt, iterations, stored_key, server_key FROM xmpp_scram WHERE host = ? AND username = ? AND mechanism = ?",
                    account.domainpart(), account.localpart(), mechanism.saslName()); ResultSet r = s.executeQuery()) {
                if (!r.next()) return Optional.empty();
                return Optional.of(new ScramCredentials(mechanism, UNB64.decode(r.getString(1)), r.getInt(2),
                        UNB64.decode(r.getString(3)), UNB64.decode(r.getString(4))));
            }
        });
    }

    @Override
    public int scramIterations() {
        return db.scramIterations();
    }

    @Override
    public ScramCredentials madeUpCredentials(String name, ScramMechanism mechanism) throws StorageException {
        byte[] salt = Arrays.copyOf(Scram.hmac(mechanism, madeUpSaltSecret(), name.getBytes(StandardCharsets.UTF_8)), 16);
        byte[] keys = new byte[32];
        random.nextBytes(keys);
        return new ScramCredentials(mechanism, salt, db.scramIterations(), keys, keys);
    }

    /** Made once by whichever node asks first, then the same for every node sharing the database. */
    private byte[] madeUpSaltSecret() throws StorageException {
        byte[] secret = madeUpSaltSecret;
        if (secret != null) return secret;
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        secret = db.transaction("reading the secret for made-up SCRAM salts", c -> {
            Database.insertIfAbsent(c, "INSERT INTO xmpp_secrets (name, secret) VALUES (?, ?)", MADE_UP_SALTS, B64.encodeToString(fresh));
            try (PreparedStatement s = Database.prepare(c, "SELECT secret FROM xmpp_secrets WHERE name = ?", MADE_UP_SALTS);
                 ResultSet r = s.executeQuery()) {
                r.next();
                return UNB64.decode(r.getString(1));
            }
        });
        madeUpSaltSecret = secret;
        return secret;
    }

    @Override
    public List<String> list(String host, int offset, int limit) throws StorageException {
        return db.read("listing accounts of " + host, c -> {
            try (PreparedStatement s = Database.prepare(c,
                    "SELECT username FROM xmpp_users WHERE host = ? ORDER BY username OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                    host, offset, limit); ResultSet r = s.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (r.next()) names.add(r.getString(1));
                return names;
            }
        });
    }

    @Override
    public long count(String host) throws StorageException {
        return db.read("counting accounts of " + host, c -> Database.number(c, "SELECT COUNT(*) FROM xmpp_users WHERE host = ?", host));
    }

    private List<ScramCredentials> credentialsFor(String password) {
        List<ScramCredentials> all = new ArrayList<>();
        for (ScramMechanism m : ScramMechanism.values()) all.add(ScramCredentials.create(m, password, db.scramIterations(), random));
        return all;
    }

    private static void insertCredentials(Connection c, Jid account, List<ScramCredentials> credentials) throws SQLException {
        for (ScramCredentials sc : credentials) {
            Database.update(c, "INSERT INTO xmpp_scram (host, username, mechanism, salt, iterations, stored_key, server_key) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)", account.domainpart(), account.localpart(), sc.mechanism().saslName(),
                    B64.encodeToString(sc.salt()), sc.iterations(), B64.encodeToString(sc.storedKey()), B64.encodeToString(sc.serverKey()));
        }
    }
}
