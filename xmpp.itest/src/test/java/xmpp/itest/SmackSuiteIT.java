package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework.TestRunResult;
import org.jivesoftware.smack.roster.RosterIntegrationTest;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/**
 * Smack's own integration suite for RFC 6121 rosters and subscriptions (its
 * {@code RosterIntegrationTest}), run against the exported server with the accounts the suite
 * makes and deletes itself: through the XEP-0133 admin commands (its serviceAdministration
 * mode), and through XEP-0077 in-band registration (its inBandRegistration mode). The suite
 * connects to port 5222 of its service's domain, and cannot be told another: outside CI, a
 * busy 5222 (a server of yours running) skips this test.
 */
public class SmackSuiteIT {

    private ServerProcess server;

    @After
    public void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    public void smacksRosterSuitePassesWithAccountsTheAdminCommandsCreateAndDelete() throws Exception {
        started(false);
        TestRunResult result = runRosterSuite("accountRegistration", "serviceAdministration",
                "adminAccountUsername", "admin", "adminAccountPassword", "admin-secret");
        assertAllPassed(result);
        assertEquals("the suite deleted the accounts it made through XEP-0133", List.of("admin"), accounts());
    }

    @Test
    public void smacksRosterSuitePassesWithAccountsRegisteredInBand() throws Exception {
        started(true);
        // The suite runs over plain text (allowed from loopback), where Smack refuses to send passwords unless told.
        AccountManager.sensitiveOperationOverInsecureConnectionDefault(true);
        TestRunResult result;
        try {
            result = runRosterSuite("accountRegistration", "inBandRegistration");
        } finally {
            AccountManager.sensitiveOperationOverInsecureConnectionDefault(false);
        }
        assertAllPassed(result);
        assertEquals("the suite removed the accounts it registered (XEP-0077)", List.of("admin"), accounts());
    }

    /** The exported server on port 5222, in-band registration on or off. */
    private void started(boolean inBand) throws Exception {
        requirePort5222();
        server = new ServerProcess();
        var c2s = server.home.resolve("etc/xmpp.c2s-default.cfg");
        Files.writeString(c2s, Files.readString(c2s).replaceAll("(?m)^port=.*$", "port=5222"));
        var register = server.home.resolve("etc/xmpp.mod.register-default.cfg");
        Files.writeString(register, Files.readString(register).replace("in.band=false", "in.band=" + inBand).replace("per.address=3", "per.address=100"));
        server.started();
    }

    private List<String> accounts() throws Exception {
        return server.ctl("xmpp:users list localhost").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.contains("account(s)")).toList();
    }

    /** Smack's RosterIntegrationTest, configured the suite's own way: sinttest.* system properties (its builder cannot name the host). */
    private static TestRunResult runRosterSuite(String... accountSettings) throws Exception {
        Map<String, String> settings = pairs("service", "localhost", "host", "127.0.0.1",
                "securityMode", "disabled",   // plain text: allowed from loopback, and the suite cannot trust our certificate
                "enabledTests", RosterIntegrationTest.class.getSimpleName(), "replyTimeout", "10000");
        settings.putAll(pairs(accountSettings));
        settings.forEach((k, v) -> System.setProperty("sinttest." + k, v));
        try {
            Configuration config = Configuration.newConfiguration(new String[] {RosterIntegrationTest.class.getPackageName()});
            return new SmackIntegrationTestFramework(config).run();
        } finally {
            settings.keySet().forEach(k -> System.clearProperty("sinttest." + k));
        }
    }

    private static void assertAllPassed(TestRunResult result) {
        String failed = result.getFailedTests().stream().map(f -> f.concreteTest + ": " + causes(f.failureReason)).collect(Collectors.joining("\n"));
        assertEquals("failed:\n" + failed, 0, result.getFailedTests().size());
        assertTrue("impossible: " + result.getImpossibleTestClasses(), result.getImpossibleTestClasses().isEmpty());
        assertTrue("not possible: " + result.getNotPossibleTests(), result.getNotPossibleTests().isEmpty());
        assertEquals("every test of the suite ran and passed", result.getNumberOfAvailableTests(), result.getSuccessfulTests().size());
        assertTrue(result.getSuccessfulTests().size() >= 7);
    }

    /** The suite wraps what went wrong: every cause, so a failure says what Smack saw. */
    private static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) sb.append(c == t ? "" : "\n  caused by: ").append(c);
        return sb.toString();
    }

    private static Map<String, String> pairs(String... keyValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put(keyValues[i], keyValues[i + 1]);
        return map;
    }

    static void requirePort5222() {
        try (ServerSocket probe = new ServerSocket(5222, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (java.io.IOException busy) {
            if (System.getenv("CI") != null) fail("port 5222 is taken; Smack's suite can only reach a server there");
            Assume.assumeTrue("port 5222 is taken (a server of yours?); Smack's suite can only reach a server there", false);
        }
    }
}
