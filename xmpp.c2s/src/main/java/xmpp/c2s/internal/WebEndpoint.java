package xmpp.c2s.internal;

import jakarta.servlet.Servlet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** What the WebSocket and BOSH endpoint components share: their enabled switch, their whiteboard registration, its end. */
final class WebEndpoint {

    private static final System.Logger log = System.getLogger(WebEndpoint.class.getName());

    private final ServiceRegistration<Servlet> registration;   // null while the endpoint is off
    private final Runnable closeServlet;

    private WebEndpoint(ServiceRegistration<Servlet> registration, Runnable closeServlet) {
        this.registration = registration;
        this.closeServlet = closeServlet;
    }

    /**
     * Registers the servlet {@code open} makes at {@code path} (see {@link WhiteboardServlet}), unless the
     * configuration {@code pid} turned the endpoint off; {@code close} ends the servlet once it is unregistered.
     */
    static <S extends Servlet> WebEndpoint start(boolean enabled, String name, String pid, String path, String kind, BundleContext context,
            C2SListener listener, Supplier<S> open, Consumer<S> close) {
        if (!enabled) {
            log.log(System.Logger.Level.INFO, "{0} is off (enabled=false in etc/{1}.cfg)", name, pid);
            return new WebEndpoint(null, () -> { });
        }
        S servlet = open.get();
        ServiceRegistration<Servlet> registration = WhiteboardServlet.register(context, servlet, pid, path, kind);
        log.log(System.Logger.Level.INFO, "{0} at {1}, for the client listener on port {2}", name, path, String.valueOf(listener.port()));
        return new WebEndpoint(registration, () -> close.accept(servlet));
    }

    void stop() {
        if (registration == null) return;
        registration.unregister();
        closeServlet.run();
    }
}
