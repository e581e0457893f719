package xmpp.c2s.internal;

import jakarta.servlet.Servlet;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** How the WebSocket and BOSH endpoints join the HTTP service: a whiteboard servlet that host-meta (XEP-0156) lists. */
final class WhiteboardServlet {

    private WhiteboardServlet() {
    }

    /** Registers {@code servlet} at {@code path}; {@code kind} is XEP-0156's name for it ({@code websocket}, {@code xbosh}). */
    static ServiceRegistration<Servlet> register(BundleContext context, Servlet servlet, String name, String path, String kind) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", path);
        properties.put("osgi.http.whiteboard.servlet.name", name);
        properties.put("xmpp.http.alt.connection", kind);
        properties.put("osgi.http.whiteboard.servlet.asyncSupported", true);   // BOSH holds its requests without a request thread
        return context.registerService(Servlet.class, servlet, properties);
    }
}
