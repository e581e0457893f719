package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import xmpp.core.xml.Element;

/**
 * Running out of file descriptors (ejabberd 23.01 dies of it): the server runs in a child JVM
 * whose descriptor limit is 256; the test takes them all with idle connections, then checks
 * that an existing session still works, that the refusals were logged, and that a new client
 * gets in once descriptors are free again.
 */
class DescriptorExhaustionTest {

    @Test
    void runningOutOfDescriptorsCostsNewConnectionsOnly() throws Exception {
        Path folder = Files.createTempDirectory("xmpp-fd-test");
        Path log = folder.resolve("server.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder("bash", "-c", "ulimit -n 256 && exec \"$0\" -cp \"$1\" \"$2\" \"$3\"",
                java, System.getProperty("java.class.path"), LimitedServer.class.getName(), folder.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<Socket> hogs = new ArrayList<>();
        try {
            int port = awaitPort(folder.resolve("port"), server);
            TestServer trust = TestServer.trusting(folder);
            try (RawClient romeo = RawClient.loggedIn(port, trust, "romeo", "pencil", "before")) {
                // A session that has sent a stanza before: its code is loaded. (Loading a class not yet
                // loaded needs a descriptor when classes come from folders, as here; bundle jars stay open.)
                romeo.send("<message to='romeo@localhost/before' id='warm'/>");
                assertEquals("warm", romeo.next().attr("id"));
                for (int i = 0; i < 400; i++) hogs.add(new Socket(InetAddress.getLoopbackAddress(), port));   // the kernel accepts; the server cannot
                Thread.sleep(1500);
                assertTrue(Files.readString(log).contains("cannot accept a connection"), "the refusal is logged:\n" + Files.readString(log));

                romeo.send("<message to='romeo@localhost/before' id='alive'><body>still here</body></message>");
                Element echo;
                do {
                    echo = romeo.next();
                } while (!"alive".equals(echo.attr("id")));
                assertEquals("still here", echo.child("body").orElseThrow().text(), "the existing session kept working");

                for (Socket s : hogs) s.close();
                hogs.clear();
                Thread.sleep(500);
                try (RawClient juliet = RawClient.loggedIn(port, trust, "juliet", "wherefore", "after")) {
                    juliet.send("<message to='juliet@localhost/after' id='back'/>");
                    assertEquals("back", juliet.next().attr("id"), "new clients get in again");
                }
            }
            assertTrue(server.isAlive(), "the server lives on");
        } finally {
            for (Socket s : hogs) s.close();
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int awaitPort(Path file, Process server) throws Exception {
        for (int i = 0; i < 300 && server.isAlive(); i++) {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                if (!text.isEmpty()) return Integer.parseInt(text);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child server did not start; see its log in " + file.getParent());
    }

    /** The child JVM: a whole test server on an ephemeral port, which it writes to {@code <folder>/port}. */
    public static final class LimitedServer {
        public static void main(String[] args) throws Exception {
            Path folder = Path.of(args[0]);
            TestServer server = new TestServer(folder);
            Settings s = TestServer.settings();   // every hog comes from 127.0.0.1: only descriptors may run out
            int port = server.listen(new Settings(s.address(), 0, false, true, false, s.maxStanzaBytes(), s.authTimeout(), s.maxAuthFailures(),
                    10_000, 10_000, s.maxFailedLoginsPerIp(), s.failedLoginsWindow(), s.maxQueuedStanzas(), s.maxQueuedBytes(), s.keepalive(), s.writeTimeout())).port();
            Path tmp = folder.resolve("port.tmp");
            Files.writeString(tmp, Integer.toString(port));
            Files.move(tmp, folder.resolve("port"));
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
