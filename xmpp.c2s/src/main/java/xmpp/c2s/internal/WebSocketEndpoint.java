package xmpp.c2s.internal;

import java.time.Duration;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

/**
 * XMPP over WebSocket (RFC 7395) at a path of the HTTP service, for the client listener that
 * {@code listener.target} names: its streams get that listener's negotiation, limits and
 * sessions. Registered on the HTTP whiteboard with {@code xmpp.http.alt.connection=websocket},
 * so host-meta (XEP-0156) lists it.
 */
// Only while the HTTP service runs: in a server without it (minimal.bndrun) the endpoint waits, and nothing loads.
@Component(service = {}, reference = @Reference(name = "http", service = HttpServiceRuntime.class), configurationPid = WebSocketEndpoint.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebSocketEndpoint.Config.class)
public final class WebSocketEndpoint {

    static final String PID = "xmpp.c2s.websocket";

    @ObjectClassDefinition(name = "XMPP over WebSocket (RFC 7395)", description = "etc/xmpp.c2s.websocket.cfg")
    public @interface Config {
        @AttributeDefinition(description = "Serve WebSocket clients")
        boolean enabled() default true;

        @AttributeDefinition(description = "Path on the HTTP service")
        String path() default "/xmpp-websocket";

        @AttributeDefinition(description = "The client listener whose settings, limits and sessions WebSocket clients get (an LDAP filter on its configuration; the default is the STARTTLS listener)")
        String listener_target() default "(!(tls=direct))";

        @AttributeDefinition(description = "Seconds without any frame (pings included) after which a WebSocket is closed")
        int idle_timeout_s() default 300;
    }

    private final WebEndpoint endpoint;

    @Activate
    public WebSocketEndpoint(Config config, BundleContext context, @Reference(name = "listener") C2SListener listener) {
        endpoint = WebEndpoint.start(config.enabled(), "XMPP over WebSocket", PID, config.path(), "websocket", context, listener,
                () -> new WebSocketServlet(listener, Duration.ofSeconds(config.idle_timeout_s())), servlet -> { });
    }

    @Deactivate
    void deactivate() {
        endpoint.stop();
    }
}
