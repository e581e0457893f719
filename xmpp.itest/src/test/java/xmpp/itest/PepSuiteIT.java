package xmpp.itest;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework.TestRunResult;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smackx.geolocation.GeolocationIntegrationTest;
import org.jivesoftware.smackx.mood.MoodIntegrationTest;
import org.jivesoftware.smackx.pubsub.PubSubIntegrationTest;
import org.jivesoftware.smackx.usertune.UserTuneIntegrationTest;
import org.junit.After;
import org.junit.Test;

/**
 * Smack's integration tests of personal eventing (XEP-0163): geolocation (XEP-0080), mood
 * (XEP-0107) and tune (XEP-0118) notifications between two subscribed accounts, each filtered by
 * the receiver's caps, including the last item sent when a receiver starts to want a node; and
 * its PubSub tests against the service at {@code pubsub.localhost} (a transient notification-only
 * node takes publications without items and refuses items with item-forbidden). Run as
 * {@link SmackSuiteIT} runs the roster tests: on port 5222, with accounts the suite makes and
 * deletes through the XEP-0133 admin commands.
 */
public class PepSuiteIT {

    private static final String PUBSUB_ERRORS = "http://jabber.org/protocol/pubsub#errors";

    private ServerProcess server;

    @After
    public void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    public void smacksPepAndPubSubTestsPass() throws Exception {
        SmackSuiteIT.requirePort5222();
        // Smack has no provider for XEP-0060's error conditions, and its generic one fails an
        // assertion (enabled in tests) on their default namespace, killing the connection's reader.
        ProviderManager.addExtensionProvider("item-forbidden", PUBSUB_ERRORS, new ServiceModulesIT.FlatElementProvider("item-forbidden", PUBSUB_ERRORS));
        server = new ServerProcess();
        var c2s = server.home.resolve("etc/xmpp.c2s-default.cfg");
        Files.writeString(c2s, Files.readString(c2s).replaceAll("(?m)^port=.*$", "port=5222"));
        server.started();
        List<Class<?>> tests = List.of(GeolocationIntegrationTest.class, MoodIntegrationTest.class, UserTuneIntegrationTest.class,
                PubSubIntegrationTest.class);
        Map<String, String> settings = SmackSuiteIT.pairs("service", "localhost", "host", "127.0.0.1", "securityMode", "disabled",
                "enabledTests", String.join(",", tests.stream().map(Class::getSimpleName).toList()), "replyTimeout", "10000",
                "accountRegistration", "serviceAdministration", "adminAccountUsername", "admin", "adminAccountPassword", "admin-secret");
        settings.forEach((k, v) -> System.setProperty("sinttest." + k, v));
        TestRunResult result;
        try {
            Configuration config = Configuration.newConfiguration(tests.stream().map(Class::getPackageName).toArray(String[]::new));
            result = new SmackIntegrationTestFramework(config).run();
        } finally {
            settings.keySet().forEach(k -> System.clearProperty("sinttest." + k));
        }
        SmackSuiteIT.assertAllPassed(result, 8);
    }
}
