package xmpp.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;

/** The first start's admin account, and where its password goes. */
class FirstStartTest {

    @TempDir Path data;
    final FakeUsers users = new FakeUsers();
    final Hosts hosts = new Hosts() {
        @Override public Set<String> all() { return Set.of("localhost"); }
        @Override public boolean isServed(String domain) { return domain.equals("localhost"); }
    };
    final Jid admin = Jid.of("admin", "localhost", "");

    @Test
    void withoutATerminalThePasswordGoesToAFileOnlyTheServerCanReadAndNeverToStandardOutput() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));   // what a service manager's journal would get
        try {
            new FirstStart(users, hosts, data, null);
        } finally {
            System.setOut(original);
        }
        String password = users.passwords.get(admin);
        assertFalse(stdout.toString(StandardCharsets.UTF_8).contains(password), "the password went to standard output");
        Path file = data.resolve(FirstStart.PASSWORD_FILE);
        assertEquals(password, Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void onATerminalThePasswordIsShownThereAndNoFileIsWritten() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        new FirstStart(users, hosts, data, new PrintStream(terminal, true, StandardCharsets.UTF_8));
        assertTrue(terminal.toString(StandardCharsets.UTF_8).contains(users.passwords.get(admin)));
        assertFalse(Files.exists(data.resolve(FirstStart.PASSWORD_FILE)));
    }

    @Test
    void aServerWithAccountsMakesNoneAndWritesNothing() throws Exception {
        users.create(Jid.of("juliet", "localhost", ""), "wherefore");
        new FirstStart(users, hosts, data, null);
        assertEquals(Set.of(Jid.of("juliet", "localhost", "")), users.passwords.keySet());
        assertFalse(Files.exists(data.resolve(FirstStart.PASSWORD_FILE)));
    }
}
