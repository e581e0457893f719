package xmpp.mod.echo.internal;

import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.Stanzas;
import xmpp.core.xml.Element;

/**
 * The seed's {@code mod_echo}: a service at {@code echo.<domain>} that sends every stanza back
 * with {@code from} and {@code to} swapped. Errors are not echoed (two echo services would
 * answer each other forever), and a stanza from a service or server (no localpart) gets
 * {@code bad-request} instead, for the same reason.
 *
 * <p>Without configuration it serves {@code echo.} + each served domain at the time it starts;
 * with factory configurations ({@code etc/xmpp.mod.echo-<name>.cfg}), one {@code host} each.
 */
@Component(service = {}, configurationPid = "xmpp.mod.echo", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EchoModule.Config.class, factory = true)
public final class EchoModule implements xmpp.core.route.Component {

    @ObjectClassDefinition(name = "XMPP module: echo")
    @interface Config {
        @AttributeDefinition(required = false, description = "The echo service's domain. Empty: echo.<domain> for every served domain.")
        String host() default "";
    }

    private final Router router;
    private ServiceRegistration<xmpp.core.route.Component> route;

    /** The echo alone, without a route: what {@link #route} does needs nothing more. */
    EchoModule(Router router) {
        this.router = router;
    }

    // The route is registered here, not by DS, because its domains come from the served domains.
    @Activate
    public EchoModule(Config config, BundleContext context, @Reference Router router, @Reference Hosts hosts) {
        this(router);
        String[] domains = config.host().isBlank()
                ? hosts.all().stream().map(h -> "echo." + h).sorted().toArray(String[]::new)
                : new String[] {config.host().strip()};
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(xmpp.core.route.Component.ROUTE, domains);
        route = context.registerService(xmpp.core.route.Component.class, this, props);
    }

    @Deactivate
    void deactivate() {
        route.unregister();   // the route is gone before stop returns: the seed's {wait, Proc}
    }

    @Override
    public void route(Jid from, Jid to, Element stanza) {
        if (Stanzas.isError(stanza)) return;
        Element reply = from.localpart().isEmpty()
                ? Stanzas.errorReply(stanza, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "echo answers users only"))
                : stanza.withAttr("from", to.toString()).withAttr("to", from.toString());
        router.route(to, from, reply);
    }
}
