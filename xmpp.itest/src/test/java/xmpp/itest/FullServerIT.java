package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import xmpp.core.route.IqHandler;

/**
 * The full server's bundle set in a real Felix, configured by FileInstall from an etc/ folder:
 * every component of every XMPP bundle comes up, and a bundle dropped into the watched deploy/
 * folder becomes active (and goes when deleted).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FullServerIT {

    @Inject
    BundleContext context;

    @Inject
    ServiceComponentRuntime scr;

    @Configuration
    public Option[] config() throws Exception {
        Path home = Files.createTempDirectory("xmpp-full-it");
        Path etc = Files.createDirectories(home.resolve("etc"));
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Files.writeString(etc.resolve("xmpp.c2s-test.cfg"), "address=127.0.0.1\nport=0\n");
        Files.writeString(etc.resolve("xmpp.console.cfg"), "port=0\n");
        Files.writeString(etc.resolve("org.apache.felix.fileinstall-deploy.cfg"),
                "felix.fileinstall.dir=" + deploy + "\nfelix.fileinstall.poll=200\nfelix.fileinstall.filter=.*\\\\.jar\n");
        return options(XmppOptions.server(), XmppOptions.storage(home.resolve("data").toString()),
                frameworkProperty("felix.fileinstall.dir").value(etc.toString()),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.filter").value(".*\\.(cfg|config)"),
                frameworkProperty("felix.fileinstall.enableConfigSave").value("false"),
                frameworkProperty("xmpp.test.deploy").value(deploy.toString()),
                XmppOptions.built("bcprov-jdk18on"), XmppOptions.built("bcutil-jdk18on"), XmppOptions.built("bcpkix-jdk18on"),
                XmppOptions.built("org.apache.felix.metatype"), XmppOptions.built("org.apache.felix.log"),
                XmppOptions.built("org.apache.felix.gogo.runtime"), XmppOptions.built("org.apache.felix.fileinstall"),
                XmppOptions.built("xmpp.c2s"), XmppOptions.built("xmpp.shell"));
    }

    @Test
    public void everyComponentOfEveryXmppBundleComesUp() throws Exception {
        List<String> problems = List.of();
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < 100; i++) {   // FileInstall hands etc/ to Configuration Admin after the bundles start
            problems = new ArrayList<>();
            names = new TreeSet<>();
            for (Bundle b : context.getBundles()) {
                if (!b.getSymbolicName().startsWith("xmpp.")) continue;
                for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                    List<ComponentConfigurationDTO> configs = new ArrayList<>(scr.getComponentConfigurationDTOs(d));
                    for (ComponentConfigurationDTO c : configs) {
                        names.add(d.name.substring(d.name.lastIndexOf('.') + 1));
                        if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED)
                            problems.add(d.name + " state " + c.state + (c.failure == null ? "" : " " + c.failure.lines().findFirst().orElse("")));
                    }
                }
            }
            if (problems.isEmpty() && names.contains("C2SListener")) break;
            Thread.sleep(100);
        }
        assertEquals(List.of(), problems);
        assertTrue(names.toString(), names.containsAll(Set.of("XmppRouter", "IqDispatcher", "C2SListener", "Certificates", "Database",
                "JdbcUserStore", "StoredUserAuthenticator", "XmppCommands", "Console", "Lifecycle", "FirstStart", "LogBridge")));
    }

    @Test
    public void aBundleDroppedIntoTheWatchedFolderBecomesActiveAndGoesWhenDeleted() throws Exception {
        Path jar = Path.of(context.getProperty("xmpp.test.deploy"), "fixture.jar");
        Files.copy(Path.of(System.getProperty("itest.bundles"), "xmpp.itest.fixture.jar"), jar);
        assertTrue("installed and started from deploy/", await(() -> fixtureActive() && context.getServiceReferences(IqHandler.class,
                "(" + IqHandler.NAMESPACE + "=urn:xmpp:itest)").size() == 1));
        Files.delete(jar);
        assertTrue("uninstalled when deleted", await(() -> bundle("xmpp.itest.fixture") == null));
    }

    private boolean fixtureActive() {
        Bundle b = bundle("xmpp.itest.fixture");
        return b != null && b.getState() == Bundle.ACTIVE;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) if (symbolicName.equals(b.getSymbolicName())) return b;
        return null;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static boolean await(Check check) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (check.holds()) return true;
            Thread.sleep(100);
        }
        return false;
    }
}
