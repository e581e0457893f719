package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.admin.ServiceAdministrationManager;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.After;
import org.junit.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

/**
 * XEP-0077 and XEP-0133 with Smack's own managers against the exported server: registration
 * closed by default and opened live, an account created in band, its password changed and the
 * account removed by its user; the admin commands run by the configured admin and refused to
 * anyone else; the registration module stopped and started from the shell.
 */
public class RegistrationAndAdminIT {

    private ServerProcess server;

    @After
    public void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    public void inBandRegistrationIsClosedByDefaultOpensLiveAndEachUserManagesHerOwnAccount() throws Exception {
        server = new ServerProcess().started();
        XMPPTCPConnection anonymous = server.client("localhost", "nobody", "x", "r", "PLAIN");
        anonymous.connect();
        assertEquals("closed by default", "service-unavailable", condition(() -> AccountManager.getInstance(anonymous).getAccountInstructions()));
        assertEquals("service-unavailable", condition(() -> AccountManager.getInstance(anonymous).createAccount(Localpart.from("newbie"), "pw")));
        anonymous.disconnect();

        Path cfg = server.home.resolve("etc/xmpp.mod.register-default.cfg");
        Files.writeString(cfg, Files.readString(cfg).replace("in.band=false", "in.band=true").replace("per.address=3", "per.address=2"));
        eventually(() -> registrationOpen(), Boolean::booleanValue);

        XMPPTCPConnection fresh = server.client("localhost", "nobody", "x", "r", "PLAIN");
        fresh.connect();
        AccountManager accounts = AccountManager.getInstance(fresh);
        accounts.createAccount(Localpart.from("newbie"), "first-pw");
        assertEquals("conflict", condition(() -> accounts.createAccount(Localpart.from("Newbie"), "again")));
        accounts.createAccount(Localpart.from("second"), "pw");
        assertEquals("two accounts per address and window", "resource-constraint", condition(() -> accounts.createAccount(Localpart.from("third"), "pw")));
        fresh.disconnect();

        XMPPTCPConnection newbie = server.connect("localhost", "newbie", "first-pw", "phone", "SCRAM-SHA-1");
        XMPPTCPConnection watching = server.connect("localhost", "newbie", "first-pw", "laptop", "SCRAM-SHA-1");
        AccountManager.getInstance(newbie).changePassword("second-pw");
        assertThrows(SASLErrorException.class, () -> server.connect("localhost", "newbie", "first-pw", "x", "SCRAM-SHA-1"));
        server.connect("localhost", "newbie", "second-pw", "x", "SCRAM-SHA-1").disconnect();

        AccountManager.getInstance(newbie).deleteAccount();
        eventually(() -> watching.isConnected(), connected -> !connected);
        assertThrows(SASLErrorException.class, () -> server.connect("localhost", "newbie", "second-pw", "y", "SCRAM-SHA-1"));
        assertFalse(server.ctl("xmpp:users list localhost").contains("newbie"));

        // the module stopped: logged-in users' requests answer service-unavailable; started: back
        XMPPTCPConnection second = server.connect("localhost", "second", "pw", "phone", "SCRAM-SHA-1");
        long id = server.bundleId("xmpp.mod.register");
        server.ctl("stop " + id);
        eventually(() -> condition(() -> AccountManager.getInstance(second).changePassword("pw2")), "service-unavailable"::equals);
        server.ctl("start " + id);
        eventually(() -> condition(() -> AccountManager.getInstance(second).changePassword("pw2")), "none"::equals);
        assertTrue(second.isConnected());
    }

    @Test
    public void theConfiguredAdminRunsTheServiceAdministrationCommandsAndNobodyElse() throws Exception {
        server = new ServerProcess().started();
        XMPPTCPConnection admin = server.connect("localhost", "admin", "admin-secret", "console", "SCRAM-SHA-1");
        ServiceAdministrationManager sam = ServiceAdministrationManager.getInstanceFor(admin);
        sam.addUser(JidCreate.entityBareFrom("juliet@localhost"), "balcony");
        XMPPTCPConnection juliet = server.connect("localhost", "juliet", "balcony", "phone", "SCRAM-SHA-1");
        assertEquals("conflict", condition(() -> sam.addUser(JidCreate.entityBareFrom("juliet@localhost"), "again")));
        assertEquals("forbidden", condition(() -> sam.addUser(JidCreate.entityBareFrom("romeo@elsewhere.example"), "x")));

        assertEquals("2", single(admin, "get-online-users-num", "onlineusersnum"));
        assertEquals("2", single(admin, "get-registered-users-num", "registeredusersnum"));

        assertTrue(server.ctl("xmpp:modules").contains("ad-hoc command http://jabber.org/protocol/admin#add-user"));
        // XEP-0050 section 2.2: each sees the commands he may run, through service discovery
        assertTrue(commandNodes(admin).contains("http://jabber.org/protocol/admin#add-user"));
        assertEquals(List.of(), commandNodes(juliet));

        assertEquals("a user is no admin", "forbidden", condition(() -> ServiceAdministrationManager.getInstanceFor(juliet)
                .addUser(JidCreate.entityBareFrom("mallory@localhost"), "x")));

        AdHocCommand change = AdHocCommandManager.getInstance(admin).getRemoteCommand(JidCreate.domainBareFrom("localhost"),
                "http://jabber.org/protocol/admin#change-user-password");
        FillableForm form = change.execute().asExecutingOrThrow().getFillableForm();
        form.setAnswer("accountjid", "juliet@localhost");
        form.setAnswer("password", "window");
        change.complete(form.getSubmitForm()).asCompletedOrThrow();
        server.connect("localhost", "juliet", "window", "laptop", "SCRAM-SHA-1").disconnect();

        sam.deleteUser(JidCreate.entityBareFrom("juliet@localhost"));
        eventually(() -> juliet.isConnected(), connected -> !connected);
        assertThrows(SASLErrorException.class, () -> server.connect("localhost", "juliet", "window", "x", "SCRAM-SHA-1"));
        assertTrue("the admin kept his session", admin.isConnected());
    }

    private boolean registrationOpen() throws Exception {
        XMPPTCPConnection c = server.client("localhost", "nobody", "x", "r", "PLAIN");
        try {
            c.connect();
            // The stream feature, and a form answered to a request for it.
            return c.hasFeature("register", "http://jabber.org/features/iq-register")
                    && condition(() -> AccountManager.getInstance(c).getAccountInstructions()).equals("none");
        } finally {
            c.disconnect();
        }
    }

    private static List<String> commandNodes(XMPPTCPConnection c) throws Exception {
        return AdHocCommandManager.getInstance(c).discoverCommands(JidCreate.domainBareFrom("localhost")).getItems().stream()
                .map(DiscoverItems.Item::getNode).toList();
    }

    /** A command without a form: the value of {@code var} in its result. */
    private static String single(XMPPTCPConnection c, String command, String var) throws Exception {
        AdHocCommand cmd = AdHocCommandManager.getInstance(c).getRemoteCommand(JidCreate.domainBareFrom("localhost"),
                "http://jabber.org/protocol/admin#" + command);
        return cmd.execute().asCompletedOrThrow().getResponse().getForm().getField(var).getFirstValue();
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** The error condition a call ends with, or "none". */
    private static String condition(Call call) throws Exception {
        try {
            call.run();
            return "none";
        } catch (XMPPErrorException e) {
            return e.getStanzaError().getCondition().toString().replace('_', '-');
        }
    }
}
