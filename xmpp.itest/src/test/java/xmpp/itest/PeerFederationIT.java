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
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Federation with Prosody and ejabberd (Debian's packages), servers written apart from ours:
 * each started by the test with its own configuration, data, certificate and loopback ports
 * (never 5222 or 5269; ejabberd as a node of its own), as compliance/run-peer.sh starts them. Our
 * server (ours.example) reaches them (prosody.example, ejabberd.example) by static routes; they
 * reach us through a DNS server of the test's on loopback, since neither has static routes
 * (Prosody's libunbound is told to forward there, ejabberd's Erlang resolver to ask it). Not .test
 * names: unbound answers NXDOMAIN for that special-use domain itself. With each, a message each
 * way and a presence subscription, by dialback over TLS (nobody trusts the others' self-signed
 * certificates). Needs root (the peers run as their own users); CI runs bin/test, which installs
 * both.
 */
public class PeerFederationIT {

    private static final String OURS = "ours.example";
    private static final String PEER = "prosody.example";
    private static final String EJABBERD_DOMAIN = "ejabberd.example";
    private static final Path PROSODY = Path.of("/usr/bin/prosody");
    private static final Path EJABBERDCTL = Path.of("/usr/sbin/ejabberdctl");

    private static ServerProcess ours;
    private static LoopbackDns dns;
    private static Path peerHome;
    private static Process prosody;
    private static int peerClientPort;
    private static Path ejabberdHome;
    private static String ejabberdNode;
    private static int ejabberdClientPort;
    @Rule
    public final OpenConnections open = new OpenConnections();

    @BeforeClass
    public static void start() throws Exception {
        boolean usable = "root".equals(System.getProperty("user.name")) && Files.isExecutable(PROSODY) && Files.isExecutable(EJABBERDCTL);
        if (System.getenv("CI") != null && !usable) throw new AssertionError("CI must run bin/test as root, which installs Prosody and ejabberd");
        // Outside CI, a developer without root or the peers installed skips: the peers are Debian programs run as their own users.
        Assume.assumeTrue("needs root and Debian's prosody, lua-unbound and ejabberd (apt-get install ...), or run bin/test", usable);
        Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.manual);
        ours = new ServerProcess(OURS);
        peerClientPort = ServerProcess.freePort();
        int peerServerPort = ServerProcess.freePort();
        ejabberdClientPort = ServerProcess.freePort();
        int ejabberdServerPort = ServerProcess.freePort();
        ours.configure("xmpp.s2s.cfg", "static.routes", PEER + "=127.0.0.1:" + peerServerPort + "," + EJABBERD_DOMAIN + "=127.0.0.1:" + ejabberdServerPort);
        dns = new LoopbackDns();
        dns.xmppServer(OURS, ours.s2sPort);
        startProsody(peerServerPort);
        startEjabberd(ejabberdServerPort);
        ours.started();
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

    private static void startEjabberd(int serverPort) throws Exception {
        ejabberdHome = Files.createTempDirectory("ejabberd-federation");
        ejabberdNode = "federation" + ProcessHandle.current().pid() + "@localhost";
        Path key = ejabberdHome.resolve("key.pem");
        Path crt = ejabberdHome.resolve("crt.pem");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=" + EJABBERD_DOMAIN,
                "-addext", "subjectAltName=DNS:" + EJABBERD_DOMAIN, "-days", "10", "-keyout", key.toString(), "-out", crt.toString());
        Files.writeString(ejabberdHome.resolve("ejabberd.pem"), Files.readString(crt) + Files.readString(key));
        Files.writeString(ejabberdHome.resolve("ejabberd.yml"), """
                loglevel: info
                log_rotate_count: 0
                hosts:
                  - %s
                certfiles:
                  - "%s"
                listen:
                  -
                    port: %d
                    ip: "127.0.0.1"
                    module: ejabberd_c2s
                    starttls_required: false
                  -
                    port: %d
                    ip: "127.0.0.1"
                    module: ejabberd_s2s_in
                s2s_use_starttls: required
                auth_password_format: scram
                acl:
                  local:
                    user_regexp: ""
                access_rules:
                  local:
                    allow: local
                  c2s:
                    allow: all
                modules:
                  mod_roster: {}
                  mod_disco: {}
                  mod_version: {}
                  mod_ping: {}
                  mod_s2s_dialback: {}
                """.formatted(EJABBERD_DOMAIN, ejabberdHome.resolve("ejabberd.pem"), ejabberdClientPort, serverPort));
        // Erlang's resolver (ejabberdctl hands it this file): the test's DNS server only, not /etc/resolv.conf nor /etc/hosts.
        Files.writeString(ejabberdHome.resolve("inetrc"), """
                {resolv_conf, ""}.
                {hosts_file, ""}.
                {lookup, [file, dns]}.
                {host, {127,0,0,1}, ["localhost"]}.
                {nameserver, {127,0,0,1}, %d}.
                """.formatted(dns.port()));
        run("chown", "-R", "ejabberd", ejabberdHome.toString());
        ejabberdctl("start");
        ejabberdctl("started");
        ejabberdctl("register", "alice", EJABBERD_DOMAIN, "pw");
    }

    private static void ejabberdctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(EJABBERDCTL.toString(), "--config-dir", ejabberdHome.toString(), "--spool",
                ejabberdHome.toString(), "--logs", ejabberdHome.toString(), "--node", ejabberdNode));
        command.addAll(List.of(args));
        run(command.toArray(String[]::new));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (ejabberdHome != null) {
            try {
                ejabberdctl("stop");
                ejabberdctl("stopped");
            } catch (AssertionError e) {
                System.err.println("stopping ejabberd: " + e.getMessage());
            }
        }
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

    /** alice on a peer, over plain TCP on loopback (the peers' client ports need no TLS here). */
    private XMPPTCPConnection alice(String domain, int clientPort) throws Exception {
        SmackConfiguration.DEBUG = false;
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain).setHostAddress(InetAddress.getLoopbackAddress()).setPort(clientPort)
                .setUsernameAndPassword("alice", "pw").setResource("r").setSecurityMode(SecurityMode.disabled)
                .addEnabledSaslMechanism("SCRAM-SHA-1").build());
        open.add(c);
        c.setReplyTimeout(30_000);
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        return ServerProcess.loggedInAvailable(c);   // the peer counts her available: a message to her bare JID reaches her
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
        federateWith(PEER, peerClientPort);
    }

    @Test
    public void ejabberdAndWeExchangeMessagesBothWaysAndAPresenceSubscription() throws Exception {
        federateWith(EJABBERD_DOMAIN, ejabberdClientPort);
    }

    private void federateWith(String peer, int peerClientPort) throws Exception {
        XMPPTCPConnection romeo = romeo();
        XMPPTCPConnection alice = alice(peer, peerClientPort);
        assertEquals("to " + peer, messageBetween(romeo, alice, "to " + peer));
        assertEquals("from " + peer, messageBetween(alice, romeo, "from " + peer));

        BareJid aliceJid = JidCreate.bareFrom("alice@" + peer);
        BareJid romeoJid = romeo.getUser().asBareJid();
        Roster romeoRoster = Roster.getInstanceFor(romeo);
        romeoRoster.reloadAndWait();
        try (StanzaCollector requests = alice.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createBare(romeoJid)))) {
            romeoRoster.createItemAndRequestSubscription(aliceJid, "Alice", null);
            Presence request = (Presence) requests.nextResult(60_000);
            assertNotNull("the subscription request reaches " + peer, request);
            assertEquals(Presence.Type.subscribe, request.getType());
        }
        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.subscribed).to(romeoJid).build());
        eventually(() -> romeoRoster.getEntry(aliceJid), e -> e != null && e.getType() == ItemType.to);
        eventually(() -> romeoRoster.getPresence(aliceJid).isAvailable(), yes -> yes);

        String streams = ours.ctl("xmpp:s2s");
        assertTrue(streams, streams.lines().anyMatch(l -> l.contains(" out ") && l.contains(peer) && l.contains("dialback") && l.contains("TLSv1.")));
        assertTrue(streams, streams.lines().anyMatch(l -> l.contains(" in ") && l.contains(peer) && l.contains("dialback")));
    }
}
