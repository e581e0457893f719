package xmpp.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;

/** The loopback console of bin/xmppctl, with a real Gogo shell holding the xmpp:users command. */
class ConsoleServerTest {

    @TempDir Path data;
    final FakeUsers users = new FakeUsers();
    final ThreadIOImpl threadIo = new ThreadIOImpl();
    final CommandProcessorImpl shell = new CommandProcessorImpl(threadIo);
    ConsoleServer console;

    ConsoleServer start(int maxConnections) throws IOException {
        threadIo.start();
        Hosts hosts = new Hosts() {
            @Override public Set<String> all() { return Set.of("localhost"); }
            @Override public boolean isServed(String domain) { return domain.equals("localhost"); }
        };
        shell.addCommand("xmpp", new XmppCommands(null, hosts, null, null, null, null, null, users, null, null, null, null, null), "users");
        console = new ConsoleServer(data, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), maxConnections, shell);
        return console;
    }

    @AfterEach
    void stop() throws IOException {
        if (console != null) console.close();
        threadIo.stop();
    }

    String token() throws IOException {
        return Files.readString(data.resolve(ConsoleServer.TOKEN_FILE)).strip();
    }

    Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), console.port());
    }

    /** Sends {@code input} and ends it, then reads everything the console answers until it closes. */
    String exchange(String input) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theTokenFileIsTheServersAloneAndALinkPlantedAtItsNameIsNotFollowed() throws Exception {
        Path elsewhere = Files.createFile(data.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.createSymbolicLink(data.resolve(ConsoleServer.TOKEN_FILE), elsewhere);
        start(4);
        Path file = data.resolve(ConsoleServer.TOKEN_FILE);
        assertFalse(Files.isSymbolicLink(file), "the token went through the link");
        assertEquals("", Files.readString(elsewhere), "the token was written where others may read it");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(48, token().length());
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        start(4);
        assertEquals("error: wrong console token\n", exchange("0123\nxmpp:users list\n"));
    }

    @Test
    void aFirstLineLongerThanAnyTokenIsRefusedBeforeItEnds() throws Exception {
        start(4);
        try (Socket s = connect()) {
            s.getOutputStream().write("a".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII));   // and no end of line, ever
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("error: "), "answered '" + answer + "'");
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedAtOnce() throws Exception {
        start(1);
        try (Socket silent = connect()) {   // holds the only place: the console waits for its token
            String answer;
            try (Socket second = connect()) {
                answer = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(answer.startsWith("error: ") && answer.contains("console connections"), "answered '" + answer + "'");
        }
    }

    @Test
    void aCommandRunsWithTheToken() throws Exception {
        start(4);
        users.create(Jid.of("juliet", "localhost", ""), "wherefore");
        assertEquals("juliet@localhost\n1 account(s) on localhost\n", exchange(token() + "\nxmpp:users list\n"));
    }

    @Test
    void aPasswordCanComeOnTheLineAfterTheCommandInsteadOfInIt() throws Exception {
        start(4);
        assertEquals("created juliet@localhost\n", exchange(token() + "\nxmpp:users add juliet@localhost\nwherefore\n"));
        assertEquals("wherefore", users.passwords.get(Jid.of("juliet", "localhost", "")));
        assertEquals("password of juliet@localhost changed\n", exchange(token() + "\nxmpp:users passwd juliet@localhost\nO Romeo\n"));
        assertEquals("O Romeo", users.passwords.get(Jid.of("juliet", "localhost", "")));
    }

    @Test
    void withoutAPasswordAnywhereTheCommandFails() throws Exception {
        start(4);
        String answer = exchange(token() + "\nxmpp:users add juliet@localhost\n");
        assertTrue(answer.startsWith("error: ") && answer.contains("password"), "answered '" + answer + "'");
        assertTrue(users.passwords.isEmpty());
    }
}
