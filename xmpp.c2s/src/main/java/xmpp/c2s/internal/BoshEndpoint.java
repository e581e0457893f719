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
 * BOSH (XEP-0124, XEP-0206) at a path of the HTTP service, for the client listener that
 * {@code listener.target} names. Registered with {@code xmpp.http.alt.connection=xbosh}, so
 * host-meta (XEP-0156) lists it.
 */
// Only while the HTTP service runs: in a server without it (minimal.bndrun) the endpoint waits, and nothing loads.
@Component(service = {}, reference = @Reference(name = "http", service = HttpServiceRuntime.class), configurationPid = BoshEndpoint.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BoshEndpoint.Config.class)
public final class BoshEndpoint {

    static final String PID = "xmpp.c2s.bosh";

    @ObjectClassDefinition(name = "XMPP over BOSH (XEP-0206)", description = "etc/xmpp.c2s.bosh.cfg")
    public @interface Config {
        @AttributeDefinition(description = "Serve BOSH clients")
        boolean enabled() default true;

        @AttributeDefinition(description = "Path on the HTTP service")
        String path() default "/http-bind";

        @AttributeDefinition(description = "The client listener whose settings, limits and sessions BOSH clients get (an LDAP filter on its configuration; the default is the STARTTLS listener)")
        String listener_target() default "(!(tls=direct))";

        @AttributeDefinition(description = "Longest time a request is held (the client's wait, at most this); below the HTTP idle timeout")
        int max_wait_s() default 25;

        @AttributeDefinition(description = "Seconds without a request after which a session ends")
        int inactivity_s() default 60;
    }

    private final WebEndpoint endpoint;

    @Activate
    public BoshEndpoint(Config config, BundleContext context, @Reference(name = "listener") C2SListener listener) {
        BoshServlet.Limits limits = new BoshServlet.Limits(Duration.ofSeconds(config.max_wait_s()), Duration.ofSeconds(config.inactivity_s()));
        endpoint = WebEndpoint.start(config.enabled(), "BOSH", PID, config.path(), "xbosh", context, listener,
                () -> new BoshServlet(listener, limits), BoshServlet::close);
    }

    @Deactivate
    void deactivate() {
        endpoint.stop();
    }
}
