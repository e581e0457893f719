package xmpp.itest;

import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.rules.ExternalResource;

/** The connections a test opened, each disconnected after the test, as a {@code @Rule}. */
final class OpenConnections extends ExternalResource {

    private final List<XMPPTCPConnection> open = new ArrayList<>();

    /** {@code user} logged in on {@code server} as {@code resource} and available, with a reply timeout a loaded machine meets. */
    XMPPTCPConnection available(ServerProcess server, String user, String resource) throws Exception {
        XMPPTCPConnection c = server.available(user, resource);
        c.setReplyTimeout(30_000);
        return add(c);
    }

    /** {@code c}, disconnected after the test. */
    XMPPTCPConnection add(XMPPTCPConnection c) {
        open.add(c);
        return c;
    }

    @Override
    protected void after() {
        for (XMPPTCPConnection c : open) if (c.isConnected()) c.disconnect();
        open.clear();
    }
}
