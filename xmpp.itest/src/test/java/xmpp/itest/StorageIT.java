package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;
import xmpp.core.auth.Authenticator;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.StanzaHook;
import xmpp.core.spi.storage.UserStore;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** The JDBC storage in Felix: H2's DataSourceFactory, the pool, the stores and the default authenticator. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageIT {

    @Inject
    BundleContext context;

    @Inject
    Router router;

    @Configuration
    public Option[] config() throws Exception {
        return options(XmppOptions.server(), XmppOptions.storage(Files.createTempDirectory("xmpp-storage-it").toString()));
    }

    @Test
    public void accountsSurviveARestartOfTheStorageBundle() throws Exception {
        Jid account = Jid.of("romeo@localhost");
        UserStore users = await(UserStore.class);
        users.delete(account);
        assertTrue(users.create(account, "pencil"));

        Bundle storage = bundle("xmpp.storage.jdbc");
        storage.stop();
        storage.start();

        UserStore again = await(UserStore.class);
        assertTrue("the account is read back from the H2 file", again.exists(account));
        Authenticator auth = await(Authenticator.class);
        assertTrue(auth.checkPassword("romeo", "localhost", "pencil"));
        assertFalse(auth.checkPassword("romeo", "localhost", "wrong"));
    }

    @Test
    public void theStoredAccountsDecideWhetherAMessageIsKeptOrBounced() throws Exception {
        await(UserStore.class).create(Jid.of("juliet@localhost"), "pw");
        await(Authenticator.class);
        java.util.List<Element> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put(StanzaHook.POINT, StanzaHook.OFFLINE_MESSAGE);
        ServiceRegistration<StanzaHook> store = context.registerService(StanzaHook.class, (from, to, stanza) -> {
            kept.add(stanza);
            return null;
        }, props);
        try (Probe probe = Probe.at("probe.test", context)) {
            router.route(probe.jid, Jid.of("nobody@localhost"),
                    XmlStreams.parseElement("<message from='probe.test' to='nobody@localhost' id='x1'><body>hi</body></message>"));
            Element bounce = probe.next();
            assertEquals("x1", bounce.attr("id"));
            assertEquals("service-unavailable", bounce.child("error").orElseThrow().firstElement().orElseThrow().name());
            router.route(probe.jid, Jid.of("juliet@localhost"),
                    XmlStreams.parseElement("<message from='probe.test' to='juliet@localhost' id='x2'><body>hi</body></message>"));
            assertEquals("x2", kept.getFirst().attr("id"));
            assertEquals("the message to the existing account was kept, the other bounced", 1, kept.size());
        } finally {
            store.unregister();
        }
    }

    private <T> T await(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(10_000);
            if (service == null) throw new AssertionError(type.getSimpleName() + " did not appear within 10 s");
            return service;
        } finally {
            tracker.close();
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) if (symbolicName.equals(b.getSymbolicName())) return b;
        throw new AssertionError(symbolicName + " is not installed");
    }
}
