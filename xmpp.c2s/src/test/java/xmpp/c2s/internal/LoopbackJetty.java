package xmpp.c2s.internal;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The WebSocket and BOSH tests' HTTP service: a Jetty on an ephemeral loopback port, as the HTTP service's plain connector. */
final class LoopbackJetty {

    private LoopbackJetty() {
    }

    /** Starts {@code jetty} serving {@code context} through {@code connector}, on loopback; returns the port. */
    static int serve(Server jetty, ServerConnector connector, ServletContextHandler context) throws Exception {
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(context);
        jetty.start();
        return connector.getLocalPort();
    }
}
