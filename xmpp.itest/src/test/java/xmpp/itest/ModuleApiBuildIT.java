package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The module API, held by the build. Semantic versioning: a copy of xmpp.core with an API change
 * is built as the reactor builds it, and bnd's baseline against the last release (in
 * cnf/release) decides; a removed method fails the build with bnd's report, an added method with
 * a minor version bump passes. And a module that imports an SPI package does not build.
 */
public class ModuleApiBuildIT {

    private static Path root;

    @BeforeClass
    public static void source() {
        root = Path.of(System.getProperty("project.root"));
    }

    @Test
    public void aRemovedMethodFailsTheBuildWithTheBaselineReport() throws Exception {
        Path copy = copyOfCore();
        edit(copy.resolve("xmpp.core/src/main/java/xmpp/core/route/Hosts.java"),
                "    boolean isServed(String domain);\n", "");
        Maven.Result build = Maven.run(copy.resolve("xmpp.core/pom.xml"), "verify", "-DskipTests", "-o");
        assertNotEquals("the build passed with a method removed from Hosts:\n" + build.output(), 0, build.exitCode());
        assertTrue("bnd's baseline report names the package, the major change it needs and the removed method:\n" + build.output(),
                build.output().contains("Baseline problems detected")
                        && build.output().matches("(?s).*\\* xmpp\\.core\\.route +PACKAGE +MAJOR +1\\.\\d+\\.0 +1\\.0\\.0 +2\\.0\\.0.*")
                        && build.output().matches("(?s).*REMOVED +METHOD +isServed\\(java\\.lang\\.String\\).*"));
    }

    @Test
    public void anAddedMethodWithAMinorVersionBumpPasses() throws Exception {
        Path copy = copyOfCore();
        edit(copy.resolve("xmpp.core/src/main/java/xmpp/core/route/Hosts.java"),
                "    boolean isServed(String domain);\n",
                "    boolean isServed(String domain);\n\n    /** The primary domain. */\n    default String primary() {\n        return all().iterator().next();\n    }\n");
        Path packageInfo = copy.resolve("xmpp.core/src/main/java/xmpp/core/route/package-info.java");
        Matcher version = Pattern.compile("@Version\\(\"(\\d+)\\.(\\d+)\\.(\\d+)\"\\)").matcher(Files.readString(packageInfo));
        assertTrue(version.find());
        String bumped = version.group(1) + "." + (Integer.parseInt(version.group(2)) + 1) + ".0";
        edit(packageInfo, version.group(), "@Version(\"" + bumped + "\")");
        Maven.Result build = Maven.run(copy.resolve("xmpp.core/pom.xml"), "verify", "-DskipTests", "-o");
        assertEquals("a compatible change with a minor bump must build:\n" + build.output(), 0, build.exitCode());
    }

    @Test
    public void aModuleThatImportsAnSpiPackageDoesNotBuild() throws Exception {
        Path copy = copyOf("xmpp.mod.echo");
        edit(copy.resolve("xmpp.mod.echo/src/main/java/xmpp/mod/echo/internal/EchoModule.java"),
                "    private final Router router;\n",
                "    private final Router router;\n    private final xmpp.core.spi.route.SessionTable sessions = null;\n");
        Maven.Result build = Maven.run(copy.resolve("xmpp.mod.echo/pom.xml"), "package", "-DskipTests", "-o");
        assertNotEquals("a module importing xmpp.core.spi.route built:\n" + build.output(), 0, build.exitCode());
        assertTrue("the build names the rule and the package:\n" + build.output(),
                build.output().contains("modules may not import the SPI packages xmpp.core.spi.*")
                        && build.output().contains(": xmpp.core.spi.route"));
    }

    private static Path copyOfCore() throws IOException {
        return copyOf("xmpp.core");
    }

    /** The root pom, the shared bnd files and the release repository, and one module's sources. */
    private static Path copyOf(String module) throws IOException {
        Path copy = Files.createTempDirectory("module-api");
        for (String file : new String[] {"pom.xml", "bnd.bnd"}) Files.copy(root.resolve(file), copy.resolve(file));
        Maven.copyTree(root.resolve("cnf"), copy.resolve("cnf"));
        Maven.copyTree(root.resolve(".mvn"), copy.resolve(".mvn"));
        Maven.copyTree(root.resolve(module), copy.resolve(module));
        return copy;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(file + " no longer holds " + from, text.contains(from));
        Files.writeString(file, text.replace(from, to));
    }
}
