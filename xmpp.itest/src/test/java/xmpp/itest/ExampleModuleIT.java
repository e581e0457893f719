package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.SimpleIQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.After;
import org.junit.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The README's "Write your own module", done as a module author does it: examples/hello-module
 * is copied out of this repository and built with its own Maven command against the installed
 * API artifact; its jar goes into deploy/ of the running server, answers a real client, and is
 * removed again, while another client stays connected all along.
 */
public class ExampleModuleIT {

    private static Path exampleJar;

    private ServerProcess server;

    @After
    public void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    public void theExampleModuleBuildsOutsideTheReactorAndComesAndGoesInARunningServer() throws Exception {
        Path jar = exampleJar();

        server = new ServerProcess().started();
        server.ctl("xmpp:users add bob@localhost bobs-secret");
        XMPPTCPConnection admin = server.connect("localhost", "admin", "admin-secret", "watching", "SCRAM-SHA-1");
        XMPPTCPConnection bob = server.connect("localhost", "bob", "bobs-secret", "phone", "SCRAM-SHA-1");
        assertEquals("service-unavailable", hello(bob, IQ.Type.get));

        Path deployed = server.home.resolve("deploy/hello-module.jar");
        Files.copy(jar, deployed, StandardCopyOption.REPLACE_EXISTING);
        eventually(() -> hello(bob, IQ.Type.get), "Hello, bob@localhost!"::equals);
        assertEquals("Hello, admin@localhost!", hello(admin, IQ.Type.get));
        assertEquals("not-allowed", hello(bob, IQ.Type.set));
        assertTrue(server.ctl("xmpp:modules"), server.ctl("xmpp:modules").contains("iq urn:example:hello scope local host * no_queue"));

        Files.delete(deployed);
        eventually(() -> hello(bob, IQ.Type.get), "service-unavailable"::equals);
        eventually(() -> server.ctl("lb"), lb -> !lb.contains("Hello module"));

        assertTrue("the watching client kept its session", admin.isConnected() && admin.isAuthenticated());
        assertTrue(server.ctl("xmpp:sessions").contains("admin@localhost/watching"));
    }

    /**
     * xmpp:modules install by Maven coordinates, from a repository the server only knows by its
     * URL: the example starts, stays after a restart, and goes again with uninstall; a module that
     * needs a newer API than the server's is refused in one line and leaves nothing behind.
     */
    @Test
    public void modulesInstallByTheirCoordinatesAndAModuleNeedingANewerApiIsRefused() throws Exception {
        Path repository = Files.createTempDirectory("module-repository");
        publish(repository, "org.example.xmpp", "hello-module", "1.0.0", exampleJar());
        publish(repository, "org.example.xmpp", "future-module", "1.0.0", bundleNeedingRoute("[1.99,2)"));

        server = new ServerProcess();
        Files.writeString(server.home.resolve("etc/xmpp.modules.cfg"), "repositories=" + repository.toUri()
                + "\nlocal.repository=" + Files.createTempDirectory("module-local-repository").toString().replace('\\', '/') + "\n");
        server.started();
        server.ctl("xmpp:users add bob@localhost bobs-secret");
        XMPPTCPConnection bob = server.connect("localhost", "bob", "bobs-secret", "phone", "SCRAM-SHA-1");

        String installed = answer(server.ctl("xmpp:modules install org.example.xmpp:hello-module:1.0.0"));
        assertTrue(installed, installed.startsWith("installed org.example.hello 1.0.0 from org.example.xmpp:hello-module:1.0.0 as bundle "));
        XMPPTCPConnection client = bob;
        eventually(() -> hello(client, IQ.Type.get), "Hello, bob@localhost!"::equals);
        assertTrue(Files.exists(server.home.resolve("deploy/hello-module-1.0.0.jar")));

        String bundlesBefore = server.ctl("lb -s");
        String refused = answer(server.ctl("xmpp:modules install org.example.xmpp:future-module:1.0.0"));
        assertTrue(refused, refused.startsWith("error: org.example.future 1.0.0 does not fit this server, nothing was installed: "
                + "it needs package xmpp.core.route version 1.99.0 up to 2.0.0 (excluded), and this server has xmpp.core.route 1."));
        assertEquals("no bundle left behind", bundlesBefore, server.ctl("lb -s"));
        try (var deployed = Files.list(server.home.resolve("deploy"))) {
            assertEquals(List.of("hello-module-1.0.0.jar"), deployed.map(f -> f.getFileName().toString()).toList());
        }
        String missing = answer(server.ctl("xmpp:modules install org.example.xmpp:no-such-module:1.0.0"));
        assertTrue(missing, missing.startsWith("error: cannot fetch org.example.xmpp:no-such-module:1.0.0: "));
        String distribution = answer(server.ctl("xmpp:modules uninstall xmpp.mod.version"));
        assertTrue(distribution, distribution.startsWith("error: xmpp.mod.version is part of the server's distribution"));

        bob.disconnect();
        server.stop();
        server.started();
        bob = server.connect("localhost", "bob", "bobs-secret", "phone", "SCRAM-SHA-1");
        XMPPTCPConnection afterRestart = bob;
        eventually(() -> hello(afterRestart, IQ.Type.get), "Hello, bob@localhost!"::equals);

        assertEquals("uninstalled org.example.hello 1.0.0 (hello-module-1.0.0.jar)", answer(server.ctl("xmpp:modules uninstall org.example.hello")));
        assertEquals("service-unavailable", hello(bob, IQ.Type.get));
        assertTrue(answer(server.ctl("xmpp:modules uninstall org.example.hello")).startsWith("error: no bundle named org.example.hello"));
    }

    /** A command's answer: its last line (the log lines the command's thread wrote come before it, as at the shell). */
    private static String answer(String output) {
        List<String> lines = output.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** The example module's jar, built once for the class as a module author builds it. */
    private static synchronized Path exampleJar() throws Exception {
        if (exampleJar == null) {
            Path project = Files.createTempDirectory("hello-module");
            Maven.copyTree(Path.of(System.getProperty("project.root"), "examples", "hello-module"), project);
            Maven.Result build = Maven.run(project.resolve("pom.xml"), "package");
            assertEquals("the example module's own build:\n" + build.output(), 0, build.exitCode());
            assertTrue("its unit tests ran:\n" + build.output(), build.output().contains("Tests run: 2, Failures: 0, Errors: 0"));
            exampleJar = project.resolve("target/hello-module-1.0.0.jar");
        }
        return exampleJar;
    }

    /** A bundle with nothing but a manifest that imports the module API's route package in the given range. */
    private static Path bundleNeedingRoute(String range) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "org.example.future");
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        manifest.getMainAttributes().putValue("Import-Package", "xmpp.core.route;version=\"" + range + "\"");
        Path jar = Files.createTempFile("future-module", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    /** The Maven repository layout: group folders, artifact, version, the jar and a pom. */
    private static void publish(Path repository, String group, String artifact, String version, Path jar) throws Exception {
        Path folder = Files.createDirectories(repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version));
        Path published = folder.resolve(artifact + "-" + version + ".jar");
        Files.copy(jar, published);
        Path pom = Files.writeString(folder.resolve(artifact + "-" + version + ".pom"), "<project><modelVersion>4.0.0</modelVersion><groupId>" + group
                + "</groupId><artifactId>" + artifact + "</artifactId><version>" + version + "</version></project>\n");
        for (Path f : List.of(published, pom)) {   // as in every Maven repository: the resolver checks them
            byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(f));
            Files.writeString(f.resolveSibling(f.getFileName() + ".sha1"), java.util.HexFormat.of().formatHex(sha1));
        }
    }

    /** urn:example:hello to localhost: the greeting, or the error condition. */
    private static String hello(XMPPTCPConnection c, IQ.Type type) throws Exception {
        SimpleIQ iq = new SimpleIQ("hello", "urn:example:hello") {
        };
        iq.setType(type);
        iq.setTo(JidCreate.domainBareFrom("localhost"));
        try {
            String xml = c.sendIqRequestAndWaitForResponse(iq).toXML().toString();   // Smack keeps an unknown payload as escaped text
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("greeting(?:>|&gt;)([^<&]+)(?:<|&lt;)").matcher(xml);
            return m.find() ? m.group(1) : "no greeting in " + xml;
        } catch (XMPPException.XMPPErrorException e) {
            return e.getStanzaError().getCondition().toString().replace('_', '-');
        }
    }
}
