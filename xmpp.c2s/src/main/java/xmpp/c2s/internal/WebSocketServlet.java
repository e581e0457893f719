package xmpp.c2s.internal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;

/**
 * The WebSocket endpoint (RFC 7395) on the HTTP service: upgrades a request that asks for the
 * {@code xmpp} subprotocol and hands the stream to its client listener, under that listener's
 * limits. Anything else gets a plain HTTP error.
 */
final class WebSocketServlet extends HttpServlet {

    static final String SUBPROTOCOL = "xmpp";
    private static final System.Logger log = System.getLogger(WebSocketServlet.class.getName());
    private static final long serialVersionUID = 1L;

    private final transient C2SListener listener;
    private final Duration idleTimeout;
    private transient JettyWebSocketServerContainer container;

    WebSocketServlet(C2SListener listener, Duration idleTimeout) {
        this.listener = listener;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void init() throws ServletException {
        container = JettyWebSocketServerContainer.getContainer(getServletContext());
        if (container == null)
            log.log(System.Logger.Level.ERROR, "the HTTP service has no WebSocket support: XMPP over WebSocket is off. Run Felix HTTP's "
                    + "with-jetty-websockets bundle with org.apache.felix.jetty.websocket.enable=true in etc/org.apache.felix.http.cfg");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (container == null) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "WebSocket support is off on this server");
            return;
        }
        // Read here: the request the HTTP service hands us knows the client behind a trusted proxy.
        InetAddress remote = InetAddress.getByName(request.getRemoteAddr());
        boolean secure = request.isSecure();
        String peer = "ws " + request.getRemoteAddr() + ":" + request.getRemotePort();
        boolean upgraded = container.upgrade((upgrade, answer) -> {
            if (!upgrade.getSubProtocols().contains(SUBPROTOCOL)) {
                answer.sendError(HttpServletResponse.SC_BAD_REQUEST, "RFC 7395: ask for the WebSocket subprotocol 'xmpp'");
                return null;
            }
            WebSocketCarrier carrier = new WebSocketCarrier(listener.parser(), listener.settings().maxStanzaBytes(), idleTimeout, peer);
            FramedTransport transport = new FramedTransport("websocket", secure, remote, peer, carrier, listener.parser());
            carrier.carry(transport);
            try {
                listener.serve(transport);
            } catch (ConnectionLimits.Refused refused) {
                log.log(System.Logger.Level.INFO, "WebSocket from {0} refused: {1}", peer, refused.getMessage());
                answer.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, refused.getMessage());
                return null;
            }
            answer.setAcceptedSubProtocol(SUBPROTOCOL);
            return carrier;
        }, request, response);
        if (!upgraded && !response.isCommitted())
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "XMPP over WebSocket (RFC 7395): send a WebSocket upgrade with the subprotocol 'xmpp'");
    }
}
