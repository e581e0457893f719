package xmpp.shell.internal;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/** The server's {@code data/} folder: the framework property {@code xmpp.data}, else {@code ./data}. */
final class DataFolder {

    private DataFolder() {
    }

    static Path of(BundleContext context) {
        String configured = context.getProperty("xmpp.data");
        return Path.of(configured == null || configured.isBlank() ? "data" : configured).toAbsolutePath();
    }
}
