package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.SimpleIQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.After;
import xmpp.c2s.internal.RawClient;
import xmpp.c2s.internal.TestServer;
import org.junit.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The seed's three modules as an operator uses them: dropped into deploy/ of the running,
 * exported server, stopped and started from the shell, taken out again; a client connected all
 * along keeps its session.
 */
public class SeedModulesIT {

    private ServerProcess server;

    @After
    public void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    public void cputimeEchoAndExternalAuthComeAndGoWithTheirBundles() throws Exception {
        server = new ServerProcess();
        // A second domain whose accounts an external program knows; localhost keeps the internal ones.
        Files.writeString(server.home.resolve("etc/xmpp.server.cfg"), "hosts=localhost,ext.test\n");
        Path users = server.home.resolve("users.txt");
        Files.writeString(users, "alice:ext.test:rabbit:hole\ncarol:ext.test:offline\n");
        Path script = Path.of(System.getProperty("auth.examples"), "users_file.py");
        Files.writeString(server.home.resolve("etc/xmpp.auth.external-ext.cfg"),
                "xmpp.host=ext.test\nprogram=python3 " + script + " " + users + "\ninstances=2\ntimeout.ms=5000\n");
        server.started();

        XMPPTCPConnection admin = server.connect("localhost", "admin", "admin-secret", "watching", "SCRAM-SHA-1");
        assertEquals("no module yet", "service-unavailable", cputime(admin, IQ.Type.get));

        Path cputimeJar = server.deploy("xmpp.mod.cputime");
        Path echoJar = server.deploy("xmpp.mod.echo");
        Path authJar = server.deploy("xmpp.auth.external");
        eventually(() -> cputime(admin, IQ.Type.get), a -> a.matches("\\d+\\.\\d{3}"));
        // FileInstall starts the three jars one after the other: cputime answering says nothing of the other two.
        String modules = eventually(() -> server.ctl("xmpp:modules"), m -> m.contains("authenticator host ext.test")
                && m.contains("route echo.ext.test,echo.localhost"));
        assertTrue(modules, modules.contains("iq ejabberd:cputime scope local host * one_queue"));
        assertTrue(modules, modules.contains("xmpp.auth.external"));

        // cputime: a number that grows as the server works; set is not-allowed
        double before = Double.parseDouble(cputime(admin, IQ.Type.get));
        for (int i = 0; i < 300; i++) echo(admin, "work-" + i);
        assertTrue(Double.parseDouble(cputime(admin, IQ.Type.get)) > before);
        assertEquals("not-allowed", cputime(admin, IQ.Type.set));

        // echo: a message comes back from echo.localhost, and an IQ (with a raw client: Smack
        // answers an IQ request itself instead of showing it)
        assertEquals("hello", echo(admin, "hello"));
        try (RawClient raw = RawClient.loggedIn(server.clientPort, TestServer.trusting(server.home.resolve("data")), "admin", "admin-secret", "raw")) {
            raw.send("<iq type='get' id='echo-iq' to='echo.localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            xmpp.core.xml.Element back;
            do {
                back = raw.next();
            } while (!"echo-iq".equals(back.attr("id")));
            assertEquals("the IQ itself, back from echo.localhost", "get", back.attr("type"));
            assertEquals("echo.localhost", back.attr("from"));
        }

        // external auth: the program's user logs in, a wrong password fails
        XMPPTCPConnection alice = server.connect("ext.test", "alice", "rabbit:hole", "phone", "PLAIN");
        assertTrue(alice.isAuthenticated());
        SASLErrorException wrong = assertThrows(SASLErrorException.class, () -> server.connect("ext.test", "alice", "rabbit", "x", "PLAIN"));
        assertEquals("not-authorized", wrong.getSASLFailure().getSASLErrorString());
        // isuser decides: to an account the program does not know, a bounce without a hint; to one it
        // knows, the offline store, and carol finds the message when she logs in
        assertEquals("", bounceText(admin, "bob@ext.test"));
        admin.sendStanza(MessageBuilder.buildMessage("for-carol").to(JidCreate.from("carol@ext.test")).ofType(Message.Type.chat)
                .setBody("while you were out").build());
        server.awaitOffline("carol@ext.test", 1);   // stored before she logs in, not at the moment her login makes her available
        XMPPTCPConnection carol = server.client("ext.test", "carol", "offline", "phone", "PLAIN");
        try (StanzaCollector kept = carol.createStanzaCollector(new StanzaIdFilter("for-carol"))) {
            carol.connect().login();
            Message m = kept.nextResult(10_000);
            assertNotNull("the message to carol was kept for her", m);
            assertEquals("while you were out", m.getBody());
        } finally {
            carol.disconnect();
        }

        // stopped and started from the shell
        long cputimeId = server.bundleId("xmpp.mod.cputime");
        server.ctl("stop " + cputimeId);
        eventually(() -> cputime(admin, IQ.Type.get), "service-unavailable"::equals);
        server.ctl("start " + cputimeId);
        eventually(() -> cputime(admin, IQ.Type.get), a -> a.matches("\\d+\\.\\d{3}"));
        long echoId = server.bundleId("xmpp.mod.echo");
        server.ctl("stop " + echoId);
        eventually(() -> echoError(admin), "service-unavailable"::equals);
        server.ctl("start " + echoId);
        eventually(() -> echo(admin, "again"), "again"::equals);

        long authId = server.bundleId("xmpp.auth.external");
        server.ctl("stop " + authId);
        eventually(() -> canLogIn("alice", "rabbit:hole"), "no"::equals);
        server.ctl("start " + authId);
        eventually(() -> canLogIn("alice", "rabbit:hole"), "yes"::equals);

        // and out of deploy/ again
        Files.delete(cputimeJar);
        Files.delete(echoJar);
        Files.delete(authJar);
        eventually(() -> cputime(admin, IQ.Type.get), "service-unavailable"::equals);
        eventually(() -> echoError(admin), "service-unavailable"::equals);
        eventually(() -> server.ctl("lb"), lb -> !lb.contains("external authentication"));
        assertThrows("without the program, ext.test has only the internal accounts", SASLErrorException.class,
                () -> server.connect("ext.test", "alice", "rabbit:hole", "later", "PLAIN"));

        assertTrue("the watching client kept its session through all of it", admin.isConnected() && admin.isAuthenticated());
        assertTrue("so did alice, logged in while the program was there", alice.isConnected() && alice.isAuthenticated());
        assertTrue(server.ctl("xmpp:sessions").contains("admin@localhost/watching"));
    }

    private String canLogIn(String user, String password) throws Exception {
        try {
            server.connect("ext.test", user, password, "try" + System.nanoTime(), "PLAIN").disconnect();
            return "yes";
        } catch (SASLErrorException e) {
            return "no";
        }
    }

    /** ejabberd:cputime to localhost: the seconds, or the error condition. */
    private static String cputime(XMPPTCPConnection c, IQ.Type type) throws Exception {
        SimpleIQ iq = new SimpleIQ("query", "ejabberd:cputime") {
        };
        iq.setType(type);
        iq.setTo(JidCreate.domainBareFrom("localhost"));
        try {
            IQ reply = c.sendIqRequestAndWaitForResponse(iq);
            String xml = reply.toXML().toString();   // Smack keeps an unknown payload as escaped text
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("cputime(?:>|&gt;)([0-9.]+)(?:<|&lt;)").matcher(xml);
            return m.find() ? m.group(1) : "no cputime in " + xml;
        } catch (XMPPException.XMPPErrorException e) {
            return condition(e.getStanzaError());
        }
    }

    /** A chat message to echo.localhost; its body as it came back. */
    private static String echo(XMPPTCPConnection c, String body) throws Exception {
        Message m = send(c, "echo.localhost", body);
        return m.getType() == Message.Type.error ? condition(m.getError()) : m.getBody();
    }

    private static String echoError(XMPPTCPConnection c) throws Exception {
        Message m = send(c, "echo.localhost", "anyone?");
        return m.getType() == Message.Type.error ? condition(m.getError()) : "echoed";
    }

    /** The text of the error that a message to {@code to} bounces with. */
    private static String bounceText(XMPPTCPConnection c, String to) throws Exception {
        Message m = send(c, to, "are you there?");
        assertEquals(Message.Type.error, m.getType());
        assertEquals(StanzaError.Condition.service_unavailable, m.getError().getCondition());
        return m.getError().getDescriptiveText() == null ? "" : m.getError().getDescriptiveText();
    }

    private static Message send(XMPPTCPConnection c, String to, String body) throws Exception {
        String id = "m" + System.nanoTime();
        StanzaCollector replies = c.createStanzaCollector(new StanzaIdFilter(id));
        try {
            c.sendStanza(MessageBuilder.buildMessage(id).to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body).build());
            Message m = replies.nextResult(5000);
            assertNotNull("nothing came back for the message to " + to, m);
            return m;
        } finally {
            replies.cancel();
        }
    }

    private static String condition(StanzaError error) {
        return error.getCondition().toString().replace('_', '-');
    }
}
