package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.SimpleIQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
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

    private Path home;
    private Process server;
    private Path output;
    private int consolePort;
    private int clientPort;

    @Before
    public void start() throws Exception {
        home = Files.createTempDirectory("xmpp-server-it");
        Path etc = Files.createDirectories(home.resolve("etc"));
        try (Stream<Path> defaults = Files.list(Path.of(System.getProperty("distro.etc")))) {
            for (Path f : defaults.toList()) Files.copy(f, etc.resolve(f.getFileName()));
        }
        clientPort = freePort();
        consolePort = freePort();
        Files.writeString(etc.resolve("xmpp.c2s-default.cfg"), "port=" + clientPort + "\ntls=starttls\n");
        Files.writeString(etc.resolve("xmpp.c2s-directtls.cfg"), "port=" + freePort() + "\ntls=direct\n");
        Files.writeString(etc.resolve("xmpp.console.cfg"), "port=" + consolePort + "\n");
        Files.createDirectories(home.resolve("deploy"));
        Files.createDirectories(home.resolve("logs"));
        output = home.resolve("server.out");
    }

    /** Starts the exported jar in {@code home}, as bin/server does without a terminal. */
    private void launch() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home.for.server"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow", "-Djava.util.logging.config.file=etc/logging.properties",
                "-Dxmpp.data=data", "-Dgosh.args=--nointeractive",
                "-jar", Path.of(System.getProperty("itest.bundles"), "server.jar").toString())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("XMPP_ADMIN_PASSWORD", "admin-secret");
        server = pb.start();
    }

    @After
    public void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void runsAsAUserRunsIt() throws Exception {
        launch();
        awaitOutput("XMPP server started in", 60);
        assertTrue(Files.readString(output).contains("created account admin@localhost with the password in XMPP_ADMIN_PASSWORD"));
        assertEquals("localhost", ctl("xmpp:hosts").strip());
        assertEquals("created juliet@localhost", ctl("xmpp:users add juliet@localhost wherefore").strip());
        assertTrue(ctl("xmpp:users list").contains("juliet"));
        assertTrue(ctl("xmpp:nonsense").startsWith("error:"));
        assertTrue(ctl("xmpp:hosts add chat.example.org").contains("now serving chat.example.org"));
        assertTrue("the operator's file says so", Files.readString(home.resolve("etc/xmpp.server.cfg")).contains("hosts=localhost,chat.example.org"));
        String hosts = "";
        for (int i = 0; i < 40 && !hosts.contains("chat.example.org"); i++) {   // FileInstall polls etc/ every second
            Thread.sleep(250);
            hosts = ctl("xmpp:hosts");
        }
        assertTrue(hosts, hosts.contains("chat.example.org"));

        XMPPTCPConnection client = connect("admin", "admin-secret");
        CompletableFuture<Exception> closedOnError = new CompletableFuture<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closedOnError.complete(e);
            }
        });
        assertTrue(ctl("xmpp:sessions").contains("admin@localhost/e2e"));
        assertEquals("no module for urn:xmpp:itest yet", "service-unavailable", ask(client));

        Path module = home.resolve("deploy/fixture.jar");
        Files.copy(Path.of(System.getProperty("itest.bundles"), "xmpp.itest.fixture.jar"), module, StandardCopyOption.REPLACE_EXISTING);
        assertEquals("the dropped module answers", "result", await(client, "result"));
        assertTrue(ctl("xmpp:modules").contains("iq urn:xmpp:itest"));

        Files.delete(module);
        assertEquals("gone with its jar", "service-unavailable", await(client, "service-unavailable"));

        assertTrue("the client stayed connected through it all", client.isConnected() && client.isAuthenticated());
        assertFalse(closedOnError.isDone());
        String lb = ctl("lb");
        assertFalse("every bundle active:\n" + lb, lb.lines().filter(l -> l.matches("\\s*\\d+\\|.*")).anyMatch(l -> !l.contains("|Active")));
        assertTrue(lb, lb.contains("XMPP client listener"));
        String components = ctl("scr:list");
        assertTrue("every DS component of the full set is active or satisfied:\n" + components,
                components.contains("XmppRouter") && components.contains("C2SListener") && components.contains("JdbcUserStore")
                && components.lines().filter(l -> l.contains("State:")).allMatch(l -> l.contains("State:ACTIVE") || l.contains("State:SATISFIED")));

        server.destroy();   // SIGTERM, as a service manager stops it
        Exception e = closedOnError.get(20, TimeUnit.SECONDS);
        assertTrue(e instanceof XMPPException.StreamErrorException);
        assertEquals(org.jivesoftware.smack.packet.StreamError.Condition.system_shutdown,
                ((XMPPException.StreamErrorException) e).getStreamError().getCondition());
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        String log = Files.readString(output);
        assertTrue(log, log.contains("XMPP server stopped"));
    }

    @Test
    public void aPortInUseIsNamedAndTheServerExitsWithStatus1() throws Exception {
        try (ServerSocket taken = new ServerSocket(clientPort, 1, InetAddress.getByName("0.0.0.0"))) {
            launch();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(1, server.exitValue());
        String printed = Files.readString(output);
        assertTrue(printed, printed.contains("error: C2SListener: cannot listen for clients on 0.0.0.0:" + clientPort
                + ": Address already in use (configured in " + home.resolve("etc/xmpp.c2s-default.cfg")));
    }

    @Test
    public void aBrokenEtcFileIsNamedAndTheServerExitsWithStatus1() throws Exception {
        Files.writeString(home.resolve("etc/xmpp.c2s-default.cfg"), "port=fivetwotwotwo\ntls=starttls\n");
        launch();
        assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, server.exitValue());
        String printed = Files.readString(output);
        assertTrue(printed, printed.lines().anyMatch(l -> l.startsWith("error: C2SListener: ") && l.contains("fivetwotwotwo")
                && l.contains("(configured in " + home.resolve("etc/xmpp.c2s-default.cfg") + ")")));
    }

    @Test
    public void aDataFolderThatCannotBeMadeIsNamedAndTheServerExitsWithStatus1() throws Exception {
        Files.writeString(home.resolve("data"), "a file where the data folder should be");
        launch();
        assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, server.exitValue());
        String printed = Files.readString(output);
        assertTrue(printed, printed.contains("error: Database: cannot create the data folder " + home.resolve("data")));
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

    private XMPPTCPConnection connect(String user, String password) throws Exception {
        SmackConfiguration.DEBUG = false;
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain("localhost").setHostAddress(InetAddress.getLoopbackAddress()).setPort(clientPort)
                .setUsernameAndPassword(user, password).setResource("e2e")
                .setSecurityMode(SecurityMode.required).setCustomX509TrustManager(trust())
                .addEnabledSaslMechanism("SCRAM-SHA-1").build());
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        c.connect();
        c.login();
        return c;
    }

    private X509TrustManager trust() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(home.resolve("data/certs/localhost.crt"))) {
            store.setCertificateEntry("localhost", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    /** What bin/xmppctl does: the token, one command line, everything the shell prints. */
    private String ctl(String command) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), consolePort)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write((Files.readString(home.resolve("data/console.token")).strip() + "\n" + command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void awaitOutput(String text, int seconds) throws Exception {
        for (int i = 0; i < seconds * 10; i++) {
            if (Files.exists(output) && Files.readString(output).contains(text)) return;
            if (!server.isAlive()) break;
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' from the server; it printed:\n" + (Files.exists(output) ? Files.readString(output) : ""));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
