package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.util.tracker.ServiceTracker;
import xmpp.core.jid.Jid;
import xmpp.core.route.IqHandler;
import xmpp.core.route.Router;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/**
 * The promise to module authors, in a real Felix: a module bundle compiled against the last
 * released API (the fixture; see its pom) resolves and works on today's server, whose API has
 * moved on by minor versions since; and redeploying a module again and again leaks neither its
 * classes nor heap.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModuleCompatibilityIT {

    private static final int REDEPLOYS = 100;

    @Inject
    BundleContext context;

    @Inject
    Router router;

    @Configuration
    public Option[] config() {
        return options(XmppOptions.server(), XmppOptions.built("xmpp.itest.fixture"));
    }

    @Test
    public void aModuleBuiltAgainstThePreviousApiReleaseRunsOnTodaysServer() throws Exception {
        Bundle fixture = bundle("xmpp.itest.fixture");
        Bundle core = bundle("xmpp.core");
        assertEquals(Bundle.ACTIVE, fixture.getState());
        Version compiledAgainst = importedVersionFloor(fixture, "xmpp.core.route");
        Version provided = exportedVersion(core, "xmpp.core.route");
        assertTrue("the fixture was built against an older minor version of the module API: it imports "
                + compiledAgainst + ", the server exports " + provided,
                provided.getMajor() == compiledAgainst.getMajor() && provided.getMinor() > compiledAgainst.getMinor());
        try (Probe probe = Probe.at("compat.test", context)) {
            awaitIqHandler(true);
            assertEquals("fixture", answeredBy(ask(probe, "c1")));
        }
    }

    @Test
    public void redeployingAModuleAHundredTimesKeepsOneCopyOfItsClassesAndAFlatHeap() throws Exception {
        Bundle fixture = bundle("xmpp.itest.fixture");
        Path jar = Path.of(System.getProperty("itest.bundles"), "xmpp.itest.fixture.jar");
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        long heapAfterWarmUp = 0;
        try (Probe probe = Probe.at("redeploy.test", context)) {
            for (int i = 0; i < REDEPLOYS; i++) {
                loaders.add(new WeakReference<>(fixture.adapt(BundleWiring.class).getClassLoader()));
                try (InputStream in = Files.newInputStream(jar)) {
                    fixture.update(in);
                }
                awaitIqHandler(true);
                assertEquals("answered after redeploy " + (i + 1), "fixture", answeredBy(ask(probe, "r" + i)));
                if (i == 9) heapAfterWarmUp = usedHeapAfterGc();
            }
            loaders.add(new WeakReference<>(fixture.adapt(BundleWiring.class).getClassLoader()));
            long heapAtEnd = usedHeapAfterGc();
            long live = liveAfterGc(loaders);
            assertEquals("class loaders of the fixture still reachable after " + REDEPLOYS + " redeploys (only the current one may be)", 1, live);
            // 90 leaked copies of even this small bundle would hold several MiB; allow noise below that.
            assertTrue("heap grew from " + heapAfterWarmUp / 1024 + " KiB to " + heapAtEnd / 1024 + " KiB over 90 redeploys",
                    heapAtEnd - heapAfterWarmUp < 2 * 1024 * 1024);
        }
    }

    private static long liveAfterGc(List<WeakReference<ClassLoader>> loaders) throws InterruptedException {
        long live = loaders.size();
        for (int i = 0; i < 20 && live > 1; i++) {
            System.gc();
            Thread.sleep(100);
            live = loaders.stream().filter(r -> r.get() != null).count();
        }
        return live;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {   // the least of three: a GC racing an allocation only adds
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private Element ask(Probe probe, String id) throws Exception {
        Element iq = XmlStreams.parseElement("<iq type='get' id='" + id + "' from='" + probe.jid + "' to='localhost'><q xmlns='urn:xmpp:itest'/></iq>");
        router.route(probe.jid, Jid.of("localhost"), iq);
        Element reply = probe.next();
        assertEquals(id, reply.attr("id"));
        return reply;
    }

    private static String answeredBy(Element reply) {
        assertEquals(reply.toString(), "result", reply.attr("type"));
        return reply.firstElement().orElseThrow().attr("answered-by");
    }

    private static Version importedVersionFloor(Bundle bundle, String pkg) {
        for (String clause : bundle.getHeaders().get("Import-Package").split(",(?=[a-z])"))
            if (clause.startsWith(pkg + ";")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("version=\"\\[([0-9.]+),").matcher(clause);
                if (m.find()) return Version.parseVersion(m.group(1));
            }
        throw new AssertionError(bundle.getSymbolicName() + " does not import " + pkg + " with a range: " + bundle.getHeaders().get("Import-Package"));
    }

    private static Version exportedVersion(Bundle bundle, String pkg) {
        return bundle.adapt(BundleWiring.class).getCapabilities("osgi.wiring.package").stream()
                .filter(c -> pkg.equals(c.getAttributes().get("osgi.wiring.package")))
                .map(c -> (Version) c.getAttributes().get("version")).findFirst()
                .orElseThrow(() -> new AssertionError(pkg + " is not exported"));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) if (symbolicName.equals(b.getSymbolicName())) return b;
        throw new AssertionError(symbolicName + " is not installed");
    }

    private void awaitIqHandler(boolean present) throws Exception {
        String filter = "(&(objectClass=" + IqHandler.class.getName() + ")(" + IqHandler.NAMESPACE + "=urn:xmpp:itest))";
        ServiceTracker<IqHandler, IqHandler> tracker = new ServiceTracker<>(context, context.createFilter(filter), null);
        tracker.open();
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while ((tracker.isEmpty() == present) && System.currentTimeMillis() < deadline) Thread.sleep(5);
            assertEquals("IQ handler present", present, !tracker.isEmpty());
        } finally {
            tracker.close();
        }
    }
}
