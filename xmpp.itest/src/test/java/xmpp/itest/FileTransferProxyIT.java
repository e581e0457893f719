package xmpp.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bytestreams.socks5.Socks5BytestreamManager;
import org.jivesoftware.smackx.bytestreams.socks5.Socks5BytestreamSession;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0065 SOCKS5 bytestreams through the exported server's proxy (xmpp.mod.proxy65), with
 * Smack's bytestream manager on both ends: the sender finds the proxy in the server's
 * discovery, and with no streamhost of its own the file goes through the proxy.
 */
public class FileTransferProxyIT {

    private static ServerProcess server;
    @Rule
    public final OpenConnections open = new OpenConnections();

    @BeforeClass
    public static void start() throws Exception {
        server = new ServerProcess().started();
    }

    @AfterClass
    public static void stop() throws Exception {
        server.close();
    }

    private XMPPTCPConnection user(String name, String resource) throws Exception {
        XMPPTCPConnection c = server.available(server.newUser(name), resource);
        open.add(c);
        return c;
    }

    @Test
    public void aFileGoesFromOneUserToAnotherThroughTheServersProxy() throws Exception {
        XMPPTCPConnection juliet = user("juliet", "balcony");
        XMPPTCPConnection romeo = user("romeo", "garden");
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        Socks5BytestreamManager.getBytestreamManager(romeo).addIncomingBytestreamListener(request -> {
            try (InputStream in = request.accept().getInputStream()) {
                received.add(in.readAllBytes());
            } catch (Exception e) {
                received.add(("failed: " + e).getBytes(StandardCharsets.UTF_8));
            }
        });
        Socks5BytestreamManager sender = Socks5BytestreamManager.getBytestreamManager(juliet);
        sender.setAnnounceLocalStreamHost(false);   // Smack's own listener would be tried first: the proxy is then the only way
        assertTrue(sender.determineProxies().contains(JidCreate.from("proxy.localhost")));

        byte[] file = "But soft, what light through yonder window breaks? ".repeat(2000).getBytes(StandardCharsets.UTF_8);
        Socks5BytestreamSession session = sender.establishSession(romeo.getUser());
        try {
            assertFalse("relayed by the proxy", session.isDirect());
            session.getOutputStream().write(file);
        } finally {
            session.close();   // the end of the file for the receiver
        }
        assertArrayEquals(file, received.poll(30, TimeUnit.SECONDS));
    }
}
