package xmpp.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;

/** The jar the build made, in a real Felix: it resolves, exports versioned API, and works there. */
class CoreBundleIT {

    private Framework framework;
    private Bundle core;

    @BeforeEach
    void start(@org.junit.jupiter.api.io.TempDir Path storage) throws Exception {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        framework = factory.newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        BundleContext context = framework.getBundleContext();
        for (String jar : new String[] {"stax2.jar", "woodstox.jar"}) context.installBundle(uri(jar)).start();
        core = context.installBundle(uri("xmpp.core.jar"));
        core.start();
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void resolvesAndExportsEveryApiPackageWithAVersion() {
        assertEquals(Bundle.ACTIVE, core.getState());
        Map<String, Version> exports = new TreeMap<>();
        for (BundleCapability c : core.adapt(BundleWiring.class).getCapabilities("osgi.wiring.package"))
            exports.put((String) c.getAttributes().get("osgi.wiring.package"), (Version) c.getAttributes().get("version"));
        assertEquals(java.util.Set.of("xmpp.core.auth", "xmpp.core.jid", "xmpp.core.route", "xmpp.core.stanza", "xmpp.core.storage",
                "xmpp.core.stream", "xmpp.core.xml", "xmpp.core.command", "xmpp.core.mam", "xmpp.core.spi.auth", "xmpp.core.spi.route", "xmpp.core.spi.storage",
                "xmpp.core.spi.stream", "xmpp.core.spi.tls", "xmpp.core.spi.metrics", "xmpp.core.spi.net"), exports.keySet(), "the module API and the SPI, nothing else");
        exports.forEach((pkg, version) -> assertNotEquals(Version.emptyVersion, version, pkg + " has no version"));
        assertTrue(core.getHeaders().get(Constants.EXPORT_PACKAGE).contains("xmpp.core.xml;version=\"1.0.0\""));
    }

    @Test
    void parsesWithWoodstoxAndNormalizesJidsInsideTheFramework() throws Exception {
        // Inside OSGi, XMLInputFactory.newFactory() finds the JDK's parser, which would accept a DTD.
        Class<?> streams = core.loadClass("xmpp.core.stream.XmlStreams");
        Object element = streams.getMethod("parseElement", String.class).invoke(null, "<message><body>hi</body></message>");
        assertEquals("<message><body>hi</body></message>", element.toString());
        InvocationTargetException refused = assertThrows(InvocationTargetException.class,
                () -> streams.getMethod("parseElement", String.class).invoke(null, "<!DOCTYPE a><a/>"));
        assertEquals("xmpp.core.stream.XmlParseException", refused.getCause().getClass().getName());
        assertTrue(refused.getCause().getMessage().contains("DTD"), refused.getCause().getMessage());
        Object jid = core.loadClass("xmpp.core.jid.Jid").getMethod("of", String.class).invoke(null, "Σ@Example.COM/Foo");
        assertEquals("σ@example.com/Foo", jid.toString(), "PRECIS is inside the bundle");
        assertEquals("com.ctc.wstx.stax.WstxInputFactory",
                core.loadClass("com.ctc.wstx.stax.WstxInputFactory").getName(), "imported from the Woodstox bundle");
    }

    private static String uri(String property) {
        String path = System.getProperty(property);
        if (path == null || !Files.exists(Path.of(path)))
            throw new IllegalStateException("system property " + property + " must name a built jar, got " + path + "; run through Maven (failsafe)");
        return new File(path).toURI().toString();
    }
}
