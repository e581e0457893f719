package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Federation with Prosody (Debian's package), a server written apart from ours: started by the
 * test as its own process, with its own configuration, data, certificate and loopback ports
 * (never 5222 or 5269), as compliance/run-peer.sh starts it. Our server (ours.example) reaches it
 * (prosody.example) by a static route; it reaches us through a DNS server of the test's on
 * loopback (its resolver, libunbound, is told to forward there), since Prosody has no static
 * routes. Not .test names: unbound answers NXDOMAIN for that special-use domain itself. A
 * message each way and a presence subscription, by dialback over TLS (neither trusts the
 * other's self-signed certificate). Needs root (Prosody runs as its own user); CI runs bin/test,
 * which installs Prosody.
 */
public class PeerFederationIT {

    private static final String OURS = "ours.example";
    private static final String PEER = "prosody.example";
    private static final Path PROSODY = Path.of("/usr/bin/prosody");

    private static ServerProcess ours;
    private static LoopbackDns dns;
    private static Path peerHome;
    private static Process prosody;
    private static int peerClientPort;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        boolean usable = "root".equals(System.getProperty("user.name")) && Files.isExecutable(PROSODY);
        if (System.getenv("CI") != null && !usable) throw new AssertionError("CI must run bin/test as root, which installs Prosody");
        Assume.assumeTrue("needs root and Debian's prosody (apt-get install prosody lua-unbound), or run bin/test", usable);
        Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.manual);
        ours = new ServerProcess(OURS);
        peerClientPort = ServerProcess.freePort();
        int peerServerPort = ServerProcess.freePort();
        ours.configure("xmpp.s2s.cfg", "static.routes", PEER + "=127.0.0.1:" + peerServerPort);
        dns = new LoopbackDns();
        dns.xmppServer(OURS, ours.s2sPort);
        startProsody(peerServerPort);
        ours.started();
        // The shell's account commands come with the storage, a moment after the start report.
        eventually(() -> ours.ctl("xmpp:users list " + OURS), out -> !out.contains("not found"));
    }

    private static void startProsody(int serverPort) throws Exception {
        peerHome = Files.createTempDirectory("prosody-federation");
        Files.createDirectories(peerHome.resolve("data"));
        Path key = peerHome.resolve(PEER + ".key");
        Path crt = peerHome.resolve(PEER + ".crt");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=" + PEER,
                "-addext", "subjectAltName=DNS:" + PEER, "-days", "10", "-keyout", key.toString(), "-out", crt.toString());
        Path config = peerHome.resolve("prosody.cfg.lua");
        Files.writeString(config, """
                daemonize = false
                pidfile = "%1$s/prosody.pid"
                interfaces = { "127.0.0.1" }
                c2s_ports = { %2$d }
                s2s_ports = { %3$d }
                c2s_require_encryption = false
                s2s_require_encryption = true
                s2s_secure_auth = false
                data_path = "%1$s/data"
                unbound = { forward = "127.0.0.1@%4$d"; resolvconf = false; hoststxt = false }
                modules_enabled = { "disco"; "roster"; "saslauth"; "tls"; "dialback"; "presence"; "message"; "version"; "ping" }
                authentication = "internal_hashed"
                log = { debug = "%1$s/prosody.log" }
                VirtualHost "%5$s"
                  ssl = { certificate = "%6$s"; key = "%7$s" }
                """.formatted(peerHome, peerClientPort, serverPort, dns.port(), PEER, crt, key));
        run("chown", "-R", "prosody", peerHome.toString());
        // A process group of its own (setsid), so that stopping it reaches Prosody under runuser.
        prosody = new ProcessBuilder("setsid", "runuser", "-u", "prosody", "--", PROSODY.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(peerHome.resolve("prosody.out").toFile()).start();
        eventually(() -> {
            try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), peerClientPort)) {
                return true;
            } catch (java.io.IOException notYet) {
                return false;
            }
        }, up -> up);
        run("runuser", "-u", "prosody", "--", "prosodyctl", "--config", config.toString(), "register", "alice", PEER, "pw");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (prosody != null) {
            prosody.descendants().forEach(ProcessHandle::destroy);
            prosody.destroy();
            if (!prosody.waitFor(20, TimeUnit.SECONDS)) {
                prosody.descendants().forEach(ProcessHandle::destroyForcibly);
                prosody.destroyForcibly();
            }
        }
        if (ours != null) ours.close();
        if (dns != null) dns.close();
    }

    @After
    public void disconnect() {
        for (XMPPTCPConnection c : open) if (c.isConnected()) c.disconnect();
    }

    private XMPPTCPConnection alice() throws Exception {
        SmackConfiguration.DEBUG = false;
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(PEER).setHostAddress(InetAddress.getLoopbackAddress()).setPort(peerClientPort)
                .setUsernameAndPassword("alice", "pw").setResource("r").setSecurityMode(SecurityMode.disabled)
                .addEnabledSaslMechanism("SCRAM-SHA-1").build());
        open.add(c);
        c.setReplyTimeout(30_000);
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        c.connect();
        c.login();
        c.sendStanza(c.getStanzaFactory().buildPresenceStanza().build());
        return c;
    }

    private XMPPTCPConnection romeo() throws Exception {
        XMPPTCPConnection c = ours.available(ours.newUser("romeo"), "r");
        open.add(c);
        c.setReplyTimeout(30_000);
        return c;
    }

    private static String messageBetween(XMPPTCPConnection from, XMPPTCPConnection to, String body) throws Exception {
        try (StanzaCollector messages = to.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE,
                FromMatchesFilter.createBare(from.getUser().asBareJid())))) {
            from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(to.getUser().asBareJid()).ofType(Message.Type.chat).setBody(body).build());
            Message m = messages.nextResult(60_000);
            assertNotNull("no message from " + from.getUser() + " to " + to.getUser(), m);
            return m.getBody();
        }
    }

    @Test
    public void prosodyAndWeExchangeMessagesBothWaysAndAPresenceSubscription() throws Exception {
        XMPPTCPConnection romeo = romeo();
        XMPPTCPConnection alice = alice();
        assertEquals("to prosody", messageBetween(romeo, alice, "to prosody"));
        assertEquals("from prosody", messageBetween(alice, romeo, "from prosody"));

        BareJid aliceJid = JidCreate.bareFrom("alice@" + PEER);
        BareJid romeoJid = romeo.getUser().asBareJid();
        Roster romeoRoster = Roster.getInstanceFor(romeo);
        romeoRoster.reloadAndWait();
        try (StanzaCollector requests = alice.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createBare(romeoJid)))) {
            romeoRoster.createItemAndRequestSubscription(aliceJid, "Alice", null);
            Presence request = (Presence) requests.nextResult(60_000);
            assertNotNull("the subscription request reaches Prosody", request);
            assertEquals(Presence.Type.subscribe, request.getType());
        }
        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.subscribed).to(romeoJid).build());
        eventually(() -> romeoRoster.getEntry(aliceJid), e -> e != null && e.getType() == ItemType.to);
        eventually(() -> romeoRoster.getPresence(aliceJid).isAvailable(), yes -> yes);

        String streams = ours.ctl("xmpp:s2s");
        assertTrue(streams, streams.lines().anyMatch(l -> l.contains(" out ") && l.contains(PEER) && l.contains("dialback") && l.contains("TLSv1.3")));
        assertTrue(streams, streams.lines().anyMatch(l -> l.contains(" in ") && l.contains(PEER) && l.contains("dialback")));
    }
}
