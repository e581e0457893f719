package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    private ServerProcess server;

    @After
    public void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    public void theExampleModuleBuildsOutsideTheReactorAndComesAndGoesInARunningServer() throws Exception {
        Path project = Files.createTempDirectory("hello-module");
        Maven.copyTree(Path.of(System.getProperty("project.root"), "examples", "hello-module"), project);
        Maven.Result build = Maven.run(project.resolve("pom.xml"), "package");
        assertEquals("the example module's own build:\n" + build.output(), 0, build.exitCode());
        assertTrue("its unit tests ran:\n" + build.output(), build.output().contains("Tests run: 2, Failures: 0, Errors: 0"));
        Path jar = project.resolve("target/hello-module-1.0.0.jar");

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
