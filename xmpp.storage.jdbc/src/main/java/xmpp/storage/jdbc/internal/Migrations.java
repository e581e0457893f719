package xmpp.storage.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema scripts in {@code db/}, applied in order at start; table
 * {@code xmpp_schema_version} records each applied version. A new version is a new script
 * appended to {@link #SCRIPTS}, never an edit of an applied one.
 */
final class Migrations {

    static final List<String> SCRIPTS = List.of("V1__accounts_rosters_offline_private_vcards.sql", "V2__unlisted_roster_items.sql",
            "V3__server_secrets.sql", "V4__pubsub_nodes_items.sql", "V5__muc_rooms.sql", "V6__pubsub_subscriptions_affiliations.sql",
            "V7__message_archive.sql", "V8__pubsub_several_and_pending_subscriptions.sql", "V9__archive_without_stamp_index.sql",
            "V10__archive_jid_numbers.sql");

    private Migrations() {
    }

    /** Applies what is missing; returns the schema version. */
    static int migrate(Connection c) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS xmpp_schema_version (version INTEGER PRIMARY KEY, script VARCHAR(255) NOT NULL, "
                    + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        int current = current(c);
        for (int i = current; i < SCRIPTS.size(); i++) apply(c, i + 1, SCRIPTS.get(i));
        return SCRIPTS.size();
    }

    private static int current(Connection c) throws SQLException {
        return (int) Database.number(c, "SELECT MAX(version) FROM xmpp_schema_version");
    }

    static void apply(Connection c, int version, String script) throws SQLException, IOException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            try {
                // Claim the version first: a second node migrating at the same moment waits here, then fails and re-reads.
                Database.update(c, "INSERT INTO xmpp_schema_version (version, script, applied_at) VALUES (?, ?, ?)",
                        version, script, OffsetDateTime.now());
            } catch (SQLException e) {
                c.rollback();
                if (current(c) >= version) return;   // another node applied it meanwhile
                throw e;
            }
            try {
                for (String statement : statements(script)) s.execute(statement);
                c.commit();
            } catch (SQLException | IOException e) {
                c.rollback();
                // H2 commits at each DDL statement, the claim with it: without this, the next start
                // would count a script that failed half-way as applied and never say so again.
                Database.update(c, "DELETE FROM xmpp_schema_version WHERE version = ?", version);
                c.commit();
                throw e;
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The script's statements: comments dropped, split at a ';' that ends a line. */
    static List<String> statements(String script) throws IOException {
        String text;
        try (InputStream in = Migrations.class.getResourceAsStream("db/" + script)) {
            if (in == null) throw new IOException("schema script db/" + script + " is missing from the bundle");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String code = line.contains("--") ? line.substring(0, line.indexOf("--")) : line;
            if (code.isBlank()) continue;
            current.append(code).append('\n');
            if (code.stripTrailing().endsWith(";")) {
                String statement = current.toString().strip();
                result.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) throw new IOException("schema script db/" + script + " ends without ';'");
        return result;
    }
}
