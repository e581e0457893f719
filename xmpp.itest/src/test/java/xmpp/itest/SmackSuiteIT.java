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
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/**
 * Smack's own integration suite for RFC 6121 rosters and subscriptions (its
 * {@code RosterIntegrationTest}), run against the exported server with three accounts made
 * through the console. The suite connects to port 5222 of its service's domain, and cannot be
 * told another: outside CI, a busy 5222 (a server of yours running) skips this test.
 */
public class SmackSuiteIT {

    private ServerProcess server;

    @After
    public void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    public void smacksRosterSuitePasses() throws Exception {
        requirePort5222();
        server = new ServerProcess();
        var c2s = server.home.resolve("etc/xmpp.c2s-default.cfg");
        Files.writeString(c2s, Files.readString(c2s).replaceAll("(?m)^port=.*$", "port=5222"));
        server.started();
        for (String n : List.of("one", "two", "three"))
            assertEquals("created " + n + "@localhost", server.ctl("xmpp:users add " + n + "@localhost pw-" + n).strip());

        // The suite's own way to be configured: sinttest.* system properties (its builder cannot name the host).
        Map<String, String> settings = pairs("service", "localhost", "host", "127.0.0.1",
                "securityMode", "disabled",   // plain text: allowed from loopback, and the suite cannot trust our certificate
                "accountOneUsername", "one", "accountOnePassword", "pw-one", "accountTwoUsername", "two", "accountTwoPassword", "pw-two",
                "accountThreeUsername", "three", "accountThreePassword", "pw-three",
                "enabledTests", RosterIntegrationTest.class.getSimpleName(), "replyTimeout", "10000");
        settings.forEach((k, v) -> System.setProperty("sinttest." + k, v));
        TestRunResult result;
        try {
            Configuration config = Configuration.newConfiguration(new String[] {RosterIntegrationTest.class.getPackageName()});
            result = new SmackIntegrationTestFramework(config).run();
        } finally {
            settings.keySet().forEach(k -> System.clearProperty("sinttest." + k));
        }

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

    private static void requirePort5222() {
        try (ServerSocket probe = new ServerSocket(5222, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (java.io.IOException busy) {
            if (System.getenv("CI") != null) fail("port 5222 is taken; Smack's suite can only reach a server there");
            Assume.assumeTrue("port 5222 is taken (a server of yours?); Smack's suite can only reach a server there", false);
        }
    }
}
