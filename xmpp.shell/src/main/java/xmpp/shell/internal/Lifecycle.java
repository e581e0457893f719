package xmpp.shell.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import xmpp.core.auth.Authenticator;
import xmpp.core.route.Hosts;
import xmpp.core.route.ServiceProperties;

/**
 * The server's start and stop. At start it waits until every XMPP component has settled, etc/ is
 * applied and every served domain has an authenticator (someone can log in), then
 * says how long the start took, or, when one failed (a port in use, an unwritable data folder,
 * a bad value in etc/), prints one line per failure, and, in a distribution (framework property
 * {@code xmpp.exit.on.failed.start=true}), stops and exits with status 1. On SIGTERM
 * or Ctrl-C it stops the framework, which the JVM alone would not: sessions then get
 * {@code system-shutdown} and the database closes.
 */
@Component(immediate = true)
public final class Lifecycle {

    private static final System.Logger log = System.getLogger(Lifecycle.class.getName());
    private static final long SETTLE_MILLIS = 1500;

    /** Framework property: stop the JVM with status 1 when a component fails at start. The distributions set it. */
    static final String EXIT_ON_FAILED_START = "xmpp.exit.on.failed.start";
    private static final long GIVE_UP_MILLIS = 30_000;

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final ConfigurationAdmin configAdmin;
    private final Thread hook;
    private final Thread watcher;

    @Activate
    public Lifecycle(BundleContext context, @Reference ServiceComponentRuntime scr, @Reference ConfigurationAdmin configAdmin) {
        this.context = context;
        this.scr = scr;
        this.configAdmin = configAdmin;
        this.hook = new Thread(this::stopFramework, "xmpp-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        this.watcher = Thread.ofPlatform().daemon().name("xmpp-start-check").start(this::checkStart);
    }

    /** Waits for the components to stop changing (FileInstall applies etc/ after the bundles start), then reports. */
    private void checkStart() {
        try {
            long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
            String last = "";
            long stableSince = System.currentTimeMillis();
            while (System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
                String now = states();
                if (!now.equals(last) || activating() || bundlesToStart() || !etcApplied() || !everyHostHasAuthenticator()) {
                    last = now;
                    stableSince = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - stableSince >= SETTLE_MILLIS) {
                    break;
                }
            }
            List<String> failures = failures();
            if (failures.isEmpty()) {
                long millis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime() - SETTLE_MILLIS;
                System.out.println("XMPP server started in " + millis + " ms");
                return;
            }
            for (String f : failures) System.err.println("error: " + f);
            if (!Boolean.parseBoolean(context.getProperty(EXIT_ON_FAILED_START))) return;   // embedded: the host decides
            System.err.println("the XMPP server cannot run like this; stopping");
            // The shutdown hook stops the framework cleanly; exiting first makes the status 1,
            // not the launcher's own once the framework has stopped.
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // the server stopped before it settled
        }
    }

    private String states() {
        StringBuilder sb = new StringBuilder();
        for (ComponentDescriptionDTO d : xmppComponents())
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) sb.append(d.name).append(c.id).append(c.state).append(';');
        return sb.toString();
    }

    /**
     * Whether the framework has yet to start some bundle of its beginning start level: it starts
     * them one after another on its own thread, so the components of the last ones (storage)
     * appear only then, and a quiet moment before that is no settled server.
     */
    private boolean bundlesToStart() {
        int beginning = Integer.parseInt(java.util.Objects.requireNonNullElse(context.getProperty("org.osgi.framework.startlevel.beginning"), "1").strip());
        for (Bundle b : context.getBundles()) {
            if ((b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0) continue;
            BundleStartLevel level = b.adapt(BundleStartLevel.class);
            if (level.isPersistentlyStarted() && level.getStartLevel() <= beginning && b.getState() != Bundle.ACTIVE) return true;
        }
        return false;
    }

    /**
     * Whether an immediate component is satisfied but not yet active: its activation is under
     * way, and may take long (the storage's first migration on a loaded machine), during which
     * no state changes.
     */
    private boolean activating() {
        for (ComponentDescriptionDTO d : xmppComponents())
            if (d.immediate)
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d))
                    if (c.state == ComponentConfigurationDTO.SATISFIED) return true;
        return false;
    }

    /**
     * Whether FileInstall has handed every file of etc/ to Configuration Admin. Until then a
     * component waiting for its file (the storage, say) looks settled, though nobody could log in.
     */
    private boolean etcApplied() {
        String dir = context.getProperty("felix.fileinstall.dir");
        String filter = context.getProperty("felix.fileinstall.filter");
        if (dir == null) return true;
        Set<Path> applied = new HashSet<>();
        try {
            Configuration[] all = configAdmin.listConfigurations("(felix.fileinstall.filename=*)");
            for (Configuration c : all == null ? new Configuration[0] : all) {
                Object file = c.getProperties() == null ? null : c.getProperties().get("felix.fileinstall.filename");
                if (file != null) applied.add(Path.of(URI.create(file.toString())).toAbsolutePath().normalize());
            }
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                return files.filter(f -> filter == null || f.getFileName().toString().matches(filter))
                        .allMatch(f -> applied.contains(f.toAbsolutePath().normalize()));
            }
        } catch (IOException | InvalidSyntaxException | IllegalArgumentException e) {
            return true;   // cannot tell: the component states alone decide, as without FileInstall
        }
    }

    /** Whether someone can log in on every served domain: what "started" means to an operator. */
    private boolean everyHostHasAuthenticator() {
        ServiceReference<Hosts> hostsRef = context.getServiceReference(Hosts.class);
        Hosts hosts = hostsRef == null ? null : context.getService(hostsRef);
        if (hosts == null) return false;
        try {
            Set<String> served = new HashSet<>();
            for (ServiceReference<Authenticator> ref : context.getServiceReferences(Authenticator.class, null)) {
                List<String> named = ServiceProperties.strings(ref.getProperty(Authenticator.HOST));
                served.addAll(named.isEmpty() ? List.of("*") : named);   // no host property: every host
            }
            return served.contains("*") || served.containsAll(hosts.all());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);   // no filter given
        } finally {
            context.ungetService(hostsRef);
        }
    }

    private List<String> failures() {
        List<String> result = new ArrayList<>();
        for (ComponentDescriptionDTO d : xmppComponents()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state != ComponentConfigurationDTO.FAILED_ACTIVATION) continue;
                // A component whose dependency failed says only that; the dependency's line says why.
                if (c.failure != null && c.failure.contains("Unable to get service for reference")) continue;
                result.add(d.name.substring(d.name.lastIndexOf('.') + 1) + ": " + cause(c.failure) + configFile(c));
            }
        }
        return result;
    }

    /**
     * SCR's failure text is a stack trace whose top is the reflection wrapper; the operator
     * needs the message of the first exception it wraps, without its class name.
     */
    static String cause(String failure) {
        if (failure == null) return "failed to start";
        String line = failure.lines().filter(l -> l.startsWith("Caused by: ")).findFirst()
                .map(l -> l.substring("Caused by: ".length())).orElse(failure.lines().findFirst().orElse("failed to start"));
        int colon = line.indexOf(": ");
        return colon > 0 && line.substring(0, colon).matches("[\\w.$]+") ? line.substring(colon + 2) : line;
    }

    /** Which etc/ file configured the failed component, as FileInstall records it. */
    private String configFile(ComponentConfigurationDTO c) {
        Object pid = c.properties.get("service.pid");
        if (pid == null) return "";
        try {
            Configuration cfg = configAdmin.getConfiguration(pid.toString().split(",")[0].strip(), "?");
            Object file = cfg.getProperties() == null ? null : cfg.getProperties().get("felix.fileinstall.filename");
            return file == null ? "" : " (configured in " + file.toString().replaceFirst("^file:", "") + ")";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private List<ComponentDescriptionDTO> xmppComponents() {
        List<ComponentDescriptionDTO> result = new ArrayList<>();
        for (Bundle b : context.getBundles())
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("xmpp.")) result.addAll(scr.getComponentDescriptionDTOs(b));
        return result;
    }

    private void stopFramework() {
        Framework framework = (Framework) context.getBundle(0);
        try {
            System.out.println("stopping the XMPP server");
            framework.stop();
            framework.waitForStop(30_000);
            System.out.println("XMPP server stopped");
        } catch (BundleException | InterruptedException | IllegalStateException e) {
            System.err.println("error: the framework did not stop cleanly: " + e);
        }
    }

    @Deactivate
    void deactivate() {
        watcher.interrupt();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is what is stopping us
        }
        log.log(System.Logger.Level.DEBUG, "lifecycle stopped");
    }
}
