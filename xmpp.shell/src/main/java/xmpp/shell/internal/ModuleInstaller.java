package xmpp.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code xmpp:modules install|uninstall}: a module bundle fetched by its Maven coordinates is first
 * resolved by the framework's own resolver against the running server, and only when every
 * requirement is met goes into deploy/, where FileInstall starts it and finds it again after a
 * restart. A bundle that does not fit leaves nothing behind.
 */
@Component(service = ModuleInstaller.class, configurationPid = "xmpp.modules")
@Designate(ocd = ModulesConfig.class)
public final class ModuleInstaller {

    private static final System.Logger LOG = System.getLogger(ModuleInstaller.class.getName());
    private static final Duration FILEINSTALL_WAIT = Duration.ofSeconds(20);
    private static final Pattern PACKAGE = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");
    private static final Pattern LOWER = Pattern.compile("\\(version>=([^)]+)\\)");
    private static final Pattern UPPER = Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)");

    private final BundleContext context;
    private final MavenFetcher fetcher;
    private final Path deploy;

    @Activate
    public ModuleInstaller(BundleContext context, ModulesConfig config) {
        this.context = context;
        Path local = config.local_repository().isBlank()
                ? Path.of(System.getProperty("user.home"), ".m2", "repository")
                : Path.of(config.local_repository());
        this.fetcher = new MavenFetcher(Arrays.asList(config.repositories()), local);
        this.deploy = Path.of(config.deploy()).toAbsolutePath().normalize();
    }

    /** Fetches, checks and deploys; the answer names the bundle and where it is kept. */
    String install(String coordinates) throws ModuleInstallException, InterruptedException {
        Path jar = fetcher.fetch(coordinates);
        BundleId id = BundleId.of(jar, coordinates);
        List<Bundle> same = bundlesNamed(id.name());
        for (Bundle b : same) {
            if (!deployed(b)) {
                throw new ModuleInstallException(id.name() + " is part of the server's distribution (bundle " + b.getBundleId()
                        + "); a module of the same name cannot be installed beside it");
            }
            if (b.getVersion().equals(id.version())) {
                return id.name() + " " + id.version() + " is already installed (bundle " + b.getBundleId() + ", " + state(b) + ")";
            }
        }
        checkFits(jar, id, coordinates);
        Path target = deploy.resolve(jarName(coordinates));
        try {
            Files.createDirectories(deploy);
            Path partial = deploy.resolve(target.getFileName() + ".part");   // FileInstall watches *.jar only
            Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            for (Bundle old : same) {
                Path oldFile = file(old).orElseThrow();
                if (!oldFile.equals(target)) Files.deleteIfExists(oldFile);
            }
        } catch (IOException e) {
            throw new ModuleInstallException("cannot write " + target + ": " + e.getMessage());
        }
        Optional<Bundle> started = await(() -> bundlesNamed(id.name()).stream()
                .filter(b -> b.getVersion().equals(id.version()) && deployed(b) && b.getState() == Bundle.ACTIVE).findFirst());
        if (started.isEmpty()) {
            LOG.log(Level.WARNING, "module " + id.name() + " " + id.version() + " is in " + target
                    + " but FileInstall has not started it within " + FILEINSTALL_WAIT.toSeconds() + " s; see the log above for why");
            return "warning: " + id.name() + " " + id.version() + " is in " + target + " but has not started within "
                    + FILEINSTALL_WAIT.toSeconds() + " s; see the server's log";
        }
        LOG.log(Level.INFO, "module " + id.name() + " " + id.version() + " installed from " + coordinates);
        return "installed " + id.name() + " " + id.version() + " from " + coordinates + " as bundle " + started.get().getBundleId()
                + ", active; kept in " + target;
    }

    /** Stops and removes a module that {@link #install} (or an operator's copy) put into deploy/. */
    String uninstall(String name) throws ModuleInstallException, InterruptedException {
        List<Bundle> named = bundlesNamed(name);
        if (named.isEmpty()) throw new ModuleInstallException("no bundle named " + name + " (xmpp:modules lists the modules)");
        for (Bundle b : named) {
            if (!deployed(b)) {
                throw new ModuleInstallException(name + " is part of the server's distribution, not an installed module; "
                        + "'stop " + b.getBundleId() + "' stops it until the next start");
            }
        }
        List<String> removed = new ArrayList<>();
        for (Bundle b : named) {
            Path file = file(b).orElseThrow();
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new ModuleInstallException("cannot delete " + file + ": " + e.getMessage());
            }
            removed.add(b.getVersion() + " (" + file.getFileName() + ")");
        }
        if (await(() -> bundlesNamed(name).isEmpty() ? Optional.of(true) : Optional.empty()).isEmpty()) {
            return "warning: deleted " + name + " from " + deploy + " but FileInstall has not uninstalled it within "
                    + FILEINSTALL_WAIT.toSeconds() + " s; see the server's log";
        }
        LOG.log(Level.INFO, "module " + name + " uninstalled");
        return "uninstalled " + name + " " + String.join(", ", removed);
    }

    /**
     * Installs the jar under a location of its own, asks the framework to resolve it, and
     * uninstalls it again whatever the answer: nothing is started, nothing stays.
     */
    private void checkFits(Path jar, BundleId id, String coordinates) throws ModuleInstallException {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        Bundle probe;
        try (InputStream in = Files.newInputStream(jar)) {
            probe = context.installBundle("xmpp-modules-check:" + coordinates, in);
        } catch (BundleException | IOException e) {
            throw new ModuleInstallException(coordinates + " is not an installable bundle: " + e.getMessage());
        }
        try {
            if (!wiring.resolveBundles(List.of(probe))) {
                List<String> unmet = unmet(probe, wiring);
                throw new ModuleInstallException(id.name() + " " + id.version() + " does not fit this server, nothing was installed: "
                        + (unmet.isEmpty() ? "the framework could not resolve it" : String.join("; ", unmet)));
            }
        } finally {
            try {
                probe.uninstall();
                wiring.refreshBundles(List.of(probe));
            } catch (BundleException e) {
                LOG.log(Level.WARNING, "could not remove the check copy of " + coordinates + " (bundle " + probe.getBundleId()
                        + "): " + e.getMessage() + "; 'uninstall " + probe.getBundleId() + "' removes it");
            }
        }
    }

    /** Each mandatory requirement nothing in the framework provides, said the way an author reads it. */
    private List<String> unmet(Bundle probe, FrameworkWiring wiring) {
        List<String> unmet = new ArrayList<>();
        for (BundleRequirement r : probe.adapt(BundleRevision.class).getDeclaredRequirements(null)) {
            if ("optional".equals(r.getDirectives().get("resolution"))) continue;
            String effective = r.getDirectives().getOrDefault("effective", "resolve");
            if (!"resolve".equals(effective) || !wiring.findProviders(r).isEmpty()) continue;
            unmet.add(describe(r));
        }
        return unmet;
    }

    private String describe(BundleRequirement r) {
        String filter = r.getDirectives().getOrDefault("filter", "");
        Matcher pkg = PACKAGE.matcher(filter);
        if (!PackageNamespace.PACKAGE_NAMESPACE.equals(r.getNamespace()) || !pkg.find()) {
            return "it needs " + r.getNamespace() + " " + filter;
        }
        String name = pkg.group(1);
        Matcher lower = LOWER.matcher(filter);
        Matcher upper = UPPER.matcher(filter);
        String range = (lower.find() ? " version " + lower.group(1) : "") + (upper.find() ? " up to " + upper.group(1) + " (excluded)" : "");
        List<String> offered = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            BundleWiring w = b.adapt(BundleWiring.class);
            if (w == null) continue;
            for (BundleCapability c : w.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                if (name.equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                    offered.add(c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE) + " from " + b.getSymbolicName());
                }
            }
        }
        return "it needs package " + name + range + ", and this server has "
                + (offered.isEmpty() ? "no such package" : name + " " + String.join(", ", offered));
    }

    private List<Bundle> bundlesNamed(String name) {
        return Arrays.stream(context.getBundles()).filter(b -> name.equals(b.getSymbolicName())).toList();
    }

    private boolean deployed(Bundle b) {
        return file(b).map(f -> f.startsWith(deploy)).orElse(false);
    }

    private static Optional<Path> file(Bundle b) {
        String location = b.getLocation();
        if (!location.startsWith("file:")) return Optional.empty();
        try {
            return Optional.of(Path.of(URI.create(location)).toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String jarName(String coordinates) {
        String[] parts = coordinates.split(":");
        return parts[1] + "-" + parts[parts.length - 1] + ".jar";
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed, not resolved";
            default -> "starting or stopping";
        };
    }

    private static <T> Optional<T> await(java.util.function.Supplier<Optional<T>> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(FILEINSTALL_WAIT);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = condition.get();
            if (value.isPresent()) return value;
            Thread.sleep(200);
        }
        return condition.get();
    }

    /** A jar's Bundle-SymbolicName and Bundle-Version, or why it is not a bundle. */
    private record BundleId(String name, Version version) {

        static BundleId of(Path jar, String coordinates) throws ModuleInstallException {
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                String name = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
                if (name == null) throw new ModuleInstallException(coordinates + " is not an OSGi bundle (its jar has no Bundle-SymbolicName)");
                String version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
                return new BundleId(name.split(";")[0].strip(), Version.parseVersion(version == null ? "0" : version.strip()));
            } catch (IOException | IllegalArgumentException e) {
                throw new ModuleInstallException(coordinates + " is not a readable jar: " + e.getMessage());
            }
        }
    }
}
