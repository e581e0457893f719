package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.SimpleIQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The exported server jar as a user runs it: a separate process in a folder of its own, Smack
 * connected over STARTTLS all along, commands through the loopback console, a module dropped
 * into deploy/ and taken out again, and SIGTERM at the end.
 */
public class ServerProcessIT {

    private ServerProcess server;
    private Path home;
    private Path output;
    private int clientPort;

    @Before
    public void prepare() throws Exception {
        server = new ServerProcess();
        home = server.home;
        output = server.output;
        clientPort = server.clientPort;
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    @Test
    public void runsAsAUserRunsIt() throws Exception {
        server.started();
        assertTrue(Files.readString(output).contains("created account admin@localhost with the password in XMPP_ADMIN_PASSWORD"));
        assertEquals("localhost", server.ctl("xmpp:hosts").strip());
        assertTrue("the shipped etc/ lets a loopback client authenticate without TLS (plaintext.on.loopback)",
                featuresBeforeTls().contains("<mechanisms"));
        assertEquals("created juliet@localhost", server.ctl("xmpp:users add juliet@localhost wherefore").strip());
        assertTrue(server.ctl("xmpp:users list").contains("juliet"));
        assertTrue(server.ctl("xmpp:nonsense").startsWith("error:"));
        assertTrue(server.ctl("xmpp:hosts add chat.example.org").contains("now serving chat.example.org"));
        assertTrue("the operator's file says so", Files.readString(home.resolve("etc/xmpp.server.cfg")).contains("hosts=localhost,chat.example.org"));
        String hosts = "";
        for (int i = 0; i < 40 && !hosts.contains("chat.example.org"); i++) {   // FileInstall polls etc/ every second
            Thread.sleep(250);
            hosts = server.ctl("xmpp:hosts");
        }
        assertTrue(hosts, hosts.contains("chat.example.org"));

        XMPPTCPConnection client = server.connect("localhost", "admin", "admin-secret", "e2e", "SCRAM-SHA-1");
        CompletableFuture<Exception> closedOnError = new CompletableFuture<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closedOnError.complete(e);
            }
        });
        assertTrue(server.ctl("xmpp:sessions").contains("admin@localhost/e2e"));
        assertEquals("no module for urn:xmpp:itest yet", "service-unavailable", ask(client));

        Path module = home.resolve("deploy/fixture.jar");
        Files.copy(Path.of(System.getProperty("itest.bundles"), "xmpp.itest.fixture.jar"), module, StandardCopyOption.REPLACE_EXISTING);
        assertEquals("the dropped module answers", "result", await(client, "result"));
        assertTrue(server.ctl("xmpp:modules").contains("iq urn:xmpp:itest"));

        Files.delete(module);
        assertEquals("gone with its jar", "service-unavailable", await(client, "service-unavailable"));

        assertTrue("the client stayed connected through it all", client.isConnected() && client.isAuthenticated());
        assertFalse(closedOnError.isDone());
        String lb = server.ctl("lb");
        assertFalse("every bundle active:\n" + lb, lb.lines().filter(l -> l.matches("\\s*\\d+\\|.*")).anyMatch(l -> !l.contains("|Active")));
        assertTrue(lb, lb.contains("XMPP client listener"));
        String components = server.ctl("scr:list");
        assertTrue("every DS component of the full set is active or satisfied:\n" + components,
                components.contains("XmppRouter") && components.contains("C2SListener") && components.contains("JdbcUserStore")
                && components.lines().filter(l -> l.contains("State:")).allMatch(l -> l.contains("State:ACTIVE") || l.contains("State:SATISFIED")));

        server.process().destroy();   // SIGTERM, as a service manager stops it
        Exception e = closedOnError.get(20, TimeUnit.SECONDS);
        assertTrue(e instanceof XMPPException.StreamErrorException);
        assertEquals(org.jivesoftware.smack.packet.StreamError.Condition.system_shutdown,
                ((XMPPException.StreamErrorException) e).getStreamError().getCondition());
        assertTrue(server.process().waitFor(30, TimeUnit.SECONDS));
        String log = Files.readString(output);
        assertTrue(log, log.contains("XMPP server stopped"));
    }

    @Test
    public void withoutATerminalTheFirstAdminPasswordIsInAFileOnlyTheServersUserCanRead() throws Exception {
        server.started(false);   // its standard output is a file here, as a service manager's journal would be
        Path file = home.resolve("data/admin.password");
        String password = Files.readString(file).strip();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue("the log names the file", server.output().contains(file.toString()));
        assertFalse("the password is in no output", server.output().contains(password));
        try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
            for (Path log : logs.toList()) assertFalse(log + " holds the password", Files.readString(log).contains(password));
        }
        server.connect("localhost", "admin", password, "first", "SCRAM-SHA-1").disconnect();
    }

    @Test
    public void xmppctlTakesAPasswordOnStandardInput() throws Exception {
        server.started();
        Path xmppctl = Path.of(System.getProperty("distro.etc")).resolve("../../bin/xmppctl").normalize();
        ProcessBuilder pb = new ProcessBuilder(xmppctl.toString(), "xmpp:users", "add", "juliet@localhost").redirectErrorStream(true);
        pb.environment().put("XMPP_HOME", home.toString());
        Process ctl = pb.start();
        try (OutputStream stdin = ctl.getOutputStream()) {
            stdin.write("wherefore art thou\n".getBytes(StandardCharsets.UTF_8));
        }
        String printed = new String(ctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ctl.waitFor(30, TimeUnit.SECONDS));
        assertEquals(printed, 0, ctl.exitValue());
        assertEquals("created juliet@localhost", printed.strip());
        server.connect("localhost", "juliet", "wherefore art thou", "r", "SCRAM-SHA-1").disconnect();
    }

    @Test
    public void aPortInUseIsNamedAndTheServerExitsWithStatus1() throws Exception {
        String printed;
        try (ServerSocket taken = new ServerSocket(clientPort, 1, InetAddress.getByName("0.0.0.0"))) {
            printed = failedStart();
        }
        assertTrue(printed, printed.contains("error: C2SListener: cannot listen for clients on 0.0.0.0:" + clientPort
                + ": Address already in use (configured in " + home.resolve("etc/xmpp.c2s-default.cfg")));
    }

    @Test
    public void aBrokenEtcFileIsNamedAndTheServerExitsWithStatus1() throws Exception {
        Files.writeString(home.resolve("etc/xmpp.c2s-default.cfg"), "port=fivetwotwotwo\ntls=starttls\n");
        String printed = failedStart();
        assertTrue(printed, printed.lines().anyMatch(l -> l.startsWith("error: C2SListener: ") && l.contains("fivetwotwotwo")
                && l.contains("(configured in " + home.resolve("etc/xmpp.c2s-default.cfg") + ")")));
    }

    @Test
    public void aDataFolderThatCannotBeMadeIsNamedAndTheServerExitsWithStatus1() throws Exception {
        Files.writeString(home.resolve("data"), "a file where the data folder should be");
        String printed = failedStart();
        assertTrue(printed, printed.contains("error: Database: cannot create the data folder " + home.resolve("data")));
    }

    /** What the server offers a client on 127.0.0.1 before STARTTLS. */
    private String featuresBeforeTls() throws Exception {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), clientPort)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                    + "to='localhost' version='1.0'>").getBytes(StandardCharsets.UTF_8));
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[4096];
            while (!got.toString().contains("</stream:features>")) {
                int n = s.getInputStream().read(buf);
                if (n < 0) break;
                got.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return got.toString();
        }
    }

    /** Starts the server, which must stop by itself with status 1; what it printed. */
    private String failedStart() throws Exception {
        server.launch();
        assertTrue("the server did not stop by itself", server.process().waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, server.process().exitValue());
        return server.output();
    }

    /** The fixture module's IQ, once: "result", or the error condition. */
    private static String ask(XMPPTCPConnection client) throws Exception {
        SimpleIQ iq = new SimpleIQ("q", "urn:xmpp:itest") {
        };
        iq.setType(IQ.Type.get);
        iq.setTo(JidCreate.domainBareFrom("localhost"));
        try {
            IQ reply = client.sendIqRequestAndWaitForResponse(iq);
            return reply.getType().toString();
        } catch (XMPPException.XMPPErrorException e) {
            return e.getStanzaError().getCondition() == StanzaError.Condition.service_unavailable
                    ? "service-unavailable" : e.getStanzaError().getCondition().toString();
        }
    }

    /** FileInstall polls deploy/ every second: ask until the answer is the expected one. */
    private static String await(XMPPTCPConnection client, String expected) throws Exception {
        String last = "";
        for (int i = 0; i < 60 && !last.equals(expected); i++) {
            last = ask(client);
            if (!last.equals(expected)) Thread.sleep(250);
        }
        return last;
    }





}
