package xmpp.itest;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import org.ops4j.pax.exam.Option;

/** The server's bundles for Pax Exam, from the folder the build copied them to. */
final class XmppOptions {

    private XmppOptions() {
    }

    /** Felix's services and the XMPP core and router: enough for modules to plug into. */
    static Option server() {
        return composite(
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                built("org.osgi.util.function"), built("org.osgi.util.promise"), built("org.osgi.service.component"),
                built("org.apache.felix.scr"), built("org.apache.felix.configadmin"),
                built("stax2-api"), built("woodstox-core"),
                built("xmpp.core"), built("xmpp.router"),
                junitBundles());
    }

    /** The JDBC storage on H2, with its data folder (framework property xmpp.data) in {@code dataFolder}. */
    static Option storage(String dataFolder) {
        return composite(
                org.ops4j.pax.exam.CoreOptions.frameworkProperty("xmpp.data").value(dataFolder),
                built("slf4j-api"), built("slf4j-jdk14"), built("org.osgi.service.jdbc"), built("h2"), built("HikariCP"),
                built("xmpp.storage.jdbc"));
    }

    /** A bundle by artifact id, as built or downloaded by this build. */
    static Option built(String artifactId) {
        String folder = System.getProperty("itest.bundles");
        if (folder == null) throw new IllegalStateException("system property itest.bundles is not set: run the tests through Maven (failsafe)");
        File jar = new File(folder, artifactId + ".jar");
        if (!jar.isFile()) throw new IllegalStateException(jar + " is missing: the build copies it at pre-integration-test");
        return bundle(jar.toURI().toString());
    }
}
