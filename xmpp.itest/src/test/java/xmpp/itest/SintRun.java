package xmpp.itest;

import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework.TestRunResult;
import org.igniterealtime.smack.inttest.TestResult;
import org.junit.Assert;
import org.junit.Assume;

/**
 * One run of Smack's integration test framework (SINT) with its own runner, configured the
 * suite's own way: sinttest.* system properties, because its builder cannot name the host. It
 * connects to port 5222 of 127.0.0.1 over plain text (allowed from loopback; the suite cannot
 * trust a test certificate) for the service {@code localhost}.
 */
final class SintRun {

    /** Where SINT's tests live; OpenPGP and OMEMO are not on the classpath (their BouncyCastle would clash with ours). */
    private static final String[] TEST_PACKAGES = {"org.jivesoftware.smack", "org.jivesoftware.smackx", "org.igniterealtime.smack"};

    private final Map<String, String> settings = new LinkedHashMap<>();

    SintRun(String... accountSettings) {
        settings.putAll(pairs("service", "localhost", "host", "127.0.0.1", "securityMode", "disabled", "replyTimeout", "10000"));
        settings.putAll(pairs(accountSettings));
    }

    /** Any other sinttest.* setting (enabledTests, disabledTests, enabledConnections, ...). */
    SintRun with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    TestRunResult run() throws Exception {
        settings.forEach((k, v) -> System.setProperty("sinttest." + k, v));
        try {
            return new SmackIntegrationTestFramework(Configuration.newConfiguration(TEST_PACKAGES)).run();
        } finally {
            settings.keySet().forEach(k -> System.clearProperty("sinttest." + k));
        }
    }

    /** A test's name as the known-gaps list and SINT's enabledTests/disabledTests write it: Class.method. */
    static String name(TestResult test) {
        var method = test.concreteTest.getMethod();
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    /** The suite wraps what went wrong: every cause, so a failure says what Smack saw. */
    static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) sb.append(c == t ? "" : "\n  caused by: ").append(c);
        return sb.toString();
    }

    /**
     * SINT connects to port 5222 and cannot be told another. Other test runs on this machine take
     * it for a minute or two, so a busy 5222 is waited for (3 minutes); after that it fails the
     * test in CI, and skips it elsewhere (a server of yours running). The probe binds the
     * wildcard address, as the server does.
     */
    static void requirePort5222() throws InterruptedException {
        for (int second = 0; second < 180; second++) {
            try (ServerSocket probe = new ServerSocket(5222)) {
                return;
            } catch (java.io.IOException busy) {
                Thread.sleep(1000);
            }
        }
        if (System.getenv("CI") != null) Assert.fail("port 5222 is taken; Smack's suite can only reach a server there");
        // Outside CI a developer's own server on 5222 is no defect of this code: skip, saying why.
        Assume.assumeTrue("port 5222 is taken (a server of yours?); Smack's suite can only reach a server there", false);
    }

    /** The accounts of {@code localhost}, from the console: what the suite left behind. */
    static List<String> accounts(ServerProcess server) throws Exception {
        return server.ctl("xmpp:users list localhost").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.contains("account(s)")).toList();
    }

    private static Map<String, String> pairs(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) map.put(keyValues[i], keyValues[i + 1]);
        return map;
    }
}
