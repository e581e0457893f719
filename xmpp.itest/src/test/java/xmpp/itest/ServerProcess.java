package xmpp.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.filter.PresenceTypeFilter;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * The exported server jar in a folder of its own, run as bin/server runs it without a
 * terminal, with free ports in its etc/ (the server-to-server port too) and a domain of its own
 * ({@code localhost} unless told otherwise); and what a user does with it: the console
 * (bin/xmppctl's protocol) and Smack. Two of them federate through static routes to each other.
 */
final class ServerProcess implements AutoCloseable {

    final Path home;
    final Path output;
    final int clientPort;
    final int consolePort;
    final int s2sPort;
    final String domain;
    final int httpsPort;
    final int httpPort;
    private final java.util.concurrent.atomic.AtomicInteger accounts = new java.util.concurrent.atomic.AtomicInteger();
    private Process process;
    private String distribution = "server.jar";

    ServerProcess() throws IOException {
        this("localhost");
    }

    ServerProcess(String domain) throws IOException {
        this.domain = domain;
        home = Files.createTempDirectory("xmpp-server-it");
        Path etc = Files.createDirectories(home.resolve("etc"));
        try (Stream<Path> defaults = Files.list(Path.of(System.getProperty("distro.etc")))) {
            for (Path f : defaults.toList()) Files.copy(f, etc.resolve(f.getFileName()));
        }
        clientPort = freePort();
        consolePort = freePort();
        // The shipped file, but for its port: its other keys are tested as shipped.
        configure("xmpp.c2s-default.cfg", "port", String.valueOf(clientPort));
        Files.writeString(etc.resolve("xmpp.c2s-directtls.cfg"), "port=" + freePort() + "\ntls=direct\n");
        Files.writeString(etc.resolve("xmpp.console.cfg"), "port=" + consolePort + "\n");
        configure("xmpp.mod.proxy65.cfg", "port", String.valueOf(freePort()));
        s2sPort = freePort();   // never the shared 5269
        configure("xmpp.s2s.cfg", "port", String.valueOf(s2sPort));
        if (!domain.equals("localhost")) configure("xmpp.server.cfg", "hosts", domain);
        httpsPort = freePort();
        httpPort = freePort();
        configure("xmpp.http.cfg", "port", String.valueOf(httpsPort));
        configure("org.apache.felix.http.cfg", "org.osgi.service.http.port", String.valueOf(httpPort));
        Files.createDirectories(home.resolve("deploy"));
        Files.createDirectories(home.resolve("logs"));
        output = home.resolve("server.out");
    }

    /** Sets {@code key} in {@code etc/<file>}, replacing its line or adding one; a running server applies it within a second. */
    void configure(String file, String key, String value) throws IOException {
        Path cfg = home.resolve("etc").resolve(file);
        String line = key + "=" + value;
        String text = Files.exists(cfg) ? Files.readString(cfg) : "";
        String pattern = "(?m)^" + java.util.regex.Pattern.quote(key) + "=.*$";
        Files.writeString(cfg, text.lines().anyMatch(l -> l.startsWith(key + "=")) ? text.replaceAll(pattern, java.util.regex.Matcher.quoteReplacement(line))
                : text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + line + "\n");
    }

    /** Runs another exported distribution than server.jar (cluster.jar) from the next launch on. */
    ServerProcess distribution(String jar) {
        this.distribution = jar;
        return this;
    }

    /** A static route to {@code other}'s server-to-server port, as an operator writes one in etc/xmpp.s2s.cfg. */
    void federateWith(ServerProcess other) throws IOException {
        configure("xmpp.s2s.cfg", "static.routes", other.domain + "=127.0.0.1:" + other.s2sPort);
    }

    void launch() throws IOException {
        launch(true);
    }

    /** @param adminPassword whether the first start takes the admin password from XMPP_ADMIN_PASSWORD */
    void launch(boolean adminPassword) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home.for.server"), "bin", "java").toString(),
                "@etc/jvm.options", "--sun-misc-unsafe-memory-access=allow", "-Djava.util.logging.config.file=etc/logging.properties",
                "-Dxmpp.data=data", "-Dgosh.args=--nointeractive",
                "-jar", Path.of(System.getProperty("itest.bundles"), distribution).toString())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        if (adminPassword) pb.environment().put("XMPP_ADMIN_PASSWORD", "admin-secret");
        else pb.environment().remove("XMPP_ADMIN_PASSWORD");
        process = pb.start();
    }

    /** Launches and waits for the start report. */
    ServerProcess started() throws Exception {
        return started(true);
    }

    ServerProcess started(boolean adminPassword) throws Exception {
        launch(adminPassword);
        awaitOutput("XMPP server started in", 60);
        return this;
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    /** Copies a bundle the build made (by artifact id) into deploy/. */
    Path deploy(String artifactId) throws IOException {
        Path target = home.resolve("deploy").resolve(artifactId + ".jar");
        Files.copy(Path.of(System.getProperty("itest.bundles"), artifactId + ".jar"), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** What bin/xmppctl does: the token, one command line, everything the shell prints. */
    String ctl(String command) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), consolePort)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write((Files.readString(home.resolve("data/console.token")).strip() + "\n" + command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The id of a bundle, from lb, for the shell's start and stop. */
    long bundleId(String name) throws IOException {
        return ctl("lb -s").lines().filter(l -> l.contains("|" + name + " ") || l.endsWith("|" + name)).findFirst()
                .map(l -> Long.parseLong(l.substring(0, l.indexOf('|')).strip()))
                .orElseThrow(() -> new AssertionError(name + " is not installed"));
    }

    XMPPTCPConnection connect(String domain, String user, String password, String resource, String mechanism) throws Exception {
        XMPPTCPConnection c = client(domain, user, password, resource, mechanism);
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        c.connect();
        c.login();
        return c;
    }

    /** A fresh account {@code <prefix><n>x<digits>@<domain>} with the password {@code pw}; its local part. */
    String newUser(String prefix) throws IOException {
        String name = prefix + accounts.incrementAndGet() + "x" + System.nanoTime() % 100_000;
        String answer = ctl("xmpp:users add " + name + "@" + domain + " pw").strip();
        if (!answer.equals("created " + name + "@" + domain)) throw new AssertionError("cannot create " + name + ": " + answer);
        return name;
    }

    /** A user made by {@link #newUser} logged in over SCRAM and available, so that messages to her account reach her. */
    XMPPTCPConnection available(String user, String resource) throws Exception {
        XMPPTCPConnection c = client(domain, user, "pw", resource, "SCRAM-SHA-1");
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        return loggedInAvailable(c);
    }

    /**
     * Connects and logs {@code c} in, and returns once the server counts it available: Smack sends
     * initial presence at login without waiting for anything, and the server routes its copy back
     * to the sender (RFC 6121 4.2.2) once it has recorded it. Until then a message that another
     * connection sends to the account goes to offline storage, not to {@code c}.
     */
    static XMPPTCPConnection loggedInAvailable(XMPPTCPConnection c) throws Exception {
        StanzaFilter ownPresence = new AndFilter(PresenceTypeFilter.AVAILABLE, s -> s.getFrom() != null && s.getFrom().equals(c.getUser()));
        try (StanzaCollector own = c.createStanzaCollector(ownPresence)) {
            c.connect().login();
            if (own.nextResult(30_000) == null) throw new AssertionError(c.getUser() + "'s initial presence did not come back to it within 30 s");
        }
        return c;
    }

    /** Waits until {@code count} messages wait in the offline storage of {@code account} (a bare JID), as the shell counts them. */
    void awaitOffline(String account, int count) throws Exception {
        eventually(() -> ctl("xmpp:roster " + account), out -> out.strip().endsWith(", " + count + " offline message(s) waiting"));
    }

    /** A Smack connection set up for a user of this server, not yet connected: listeners go on first. */
    XMPPTCPConnection client(String domain, String user, String password, String resource, String mechanism) throws Exception {
        return client(clientPort, domain, user, password, resource, mechanism);
    }

    /**
     * {@code user} (password "pw") logged in again as {@code resource} without asking for its
     * roster, each message body it receives added to {@code bodies}, then available: its first
     * available presence brings what offline storage kept for it.
     */
    XMPPTCPConnection backOnline(String domain, String user, String resource, Collection<String> bodies) throws Exception {
        XMPPTCPConnection back = client(domain, user, "pw", resource, "SCRAM-SHA-1");
        Roster.getInstanceFor(back).setRosterLoadedAtLogin(false);
        back.addSyncStanzaListener(s -> bodies.add(((Message) s).getBody()),
                MessageWithBodiesFilter.INSTANCE);
        back.connect().login();
        back.sendStanza(PresenceBuilder.buildPresence().build());
        return back;
    }

    /** As {@link #client(String, String, String, String, String)}, through {@code port} (a load balancer in front of this server, say). */
    XMPPTCPConnection client(int port, String domain, String user, String password, String resource, String mechanism) throws Exception {
        SmackConfiguration.DEBUG = false;
        return new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain).setHostAddress(InetAddress.getLoopbackAddress()).setPort(port)
                .setUsernameAndPassword(user, password).setResource(resource)
                .setSecurityMode(SecurityMode.required).setCustomX509TrustManager(trust(domain))
                .addEnabledSaslMechanism(mechanism).build());
    }

    /** Trusts the certificate the server made for {@code domain}, as a user told to trust it would. */
    private X509TrustManager trust(String domain) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(home.resolve("data/certs/" + domain + ".crt"))) {
            store.setCertificateEntry(domain, CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    void awaitOutput(String text, int seconds) throws Exception {
        for (int i = 0; i < seconds * 10; i++) {
            if (output().contains(text)) return;
            if (!process.isAlive()) break;
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' from the server; it printed:\n" + output());
    }

    /**
     * Polls {@code answer} for 20 s until it fits; fails with the last answer. An error answer
     * counts as not fitting yet: a module whose configuration changed restarts, and until it is
     * back its requests are answered service-unavailable.
     */
    static <T> T eventually(java.util.concurrent.Callable<T> answer, java.util.function.Predicate<T> fits) throws Exception {
        T last = null;
        XMPPException.XMPPErrorException lastError = null;
        for (int i = 0; i < 80; i++) {
            try {
                last = answer.call();
                lastError = null;
                if (fits.test(last)) return last;
            } catch (XMPPException.XMPPErrorException e) {
                lastError = e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("after 20 s the answer is still " + (lastError != null ? lastError : last), lastError);
    }

    /** Stops the server as a service manager does (SIGTERM), and waits for it to be gone. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("the server did not stop within 60 s of SIGTERM");
    }

    /**
     * A loopback port free now and never handed out before in this JVM: the kernel may give a port
     * just closed to the next caller, and a server configured with one port twice (its proxy and
     * its client listener, say) stops at start.
     */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) return s.getLocalPort();
            }
        }
    }

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
