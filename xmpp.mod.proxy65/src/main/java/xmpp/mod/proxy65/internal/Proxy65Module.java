package xmpp.mod.proxy65.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
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
import xmpp.core.route.Disco;
import xmpp.core.route.Hosts;
import xmpp.core.route.IqHandler;
import xmpp.core.route.Router;

/**
 * XEP-0065 SOCKS5 Bytestreams: a proxy at {@code proxy.<domain>} for each served domain, with one
 * SOCKS5 listener for all of them. Clients find it in the server's disco#items (its identity is
 * {@code proxy/bytestreams}), ask it for its address, and relay a file transfer through it
 * when they cannot reach each other directly, as Smack does when it has no other streamhost.
 */
@Component(service = {}, configurationPid = "xmpp.mod.proxy65", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Proxy65Module.Config.class)
public final class Proxy65Module implements xmpp.core.route.Component {

    @ObjectClassDefinition(name = "XMPP module: SOCKS5 bytestreams proxy (XEP-0065)")
    @interface Config {
        @AttributeDefinition(description = "A served domain, or * for all of them")
        String xmpp_host() default IqHandler.ANY_HOST;

        @AttributeDefinition(description = "The proxy's address is this label, a dot and the served domain")
        String subdomain() default "proxy";

        @AttributeDefinition(description = "The TCP port of the SOCKS5 listener")
        int port() default 7777;

        @AttributeDefinition(description = "The local address the listener binds (empty: every address)")
        String bind() default "";

        @AttributeDefinition(description = "The host name or address clients connect to (empty: the served domain)")
        String address() default "";

        @AttributeDefinition(description = "Most connections open at once, waiting or relaying (0: no limit)")
        int max_connections() default 100;

        @AttributeDefinition(description = "Seconds a connection may wait for its session to be activated")
        int activation_timeout() default 60;
    }

    private static final System.Logger log = System.getLogger(Proxy65Module.class.getName());

    private final Socks5Proxy proxy;
    private final Bytestreams bytestreams;
    private final ServiceRegistration<xmpp.core.route.Component> route;

    @Activate
    public Proxy65Module(Config config, BundleContext context, @Reference Router router, @Reference Hosts hosts) throws IOException {
        InetSocketAddress listen = config.bind().isBlank() ? new InetSocketAddress(config.port()) : new InetSocketAddress(config.bind().strip(), config.port());
        try {
            proxy = new Socks5Proxy(listen, new Socks5Proxy.Limits(Math.max(0, config.max_connections()),
                    Duration.ofSeconds(Math.max(1, config.activation_timeout())))).start();
        } catch (IOException e) {
            log.log(System.Logger.Level.ERROR, "xmpp.mod.proxy65: cannot listen at {0}: {1}; set port= in etc/xmpp.mod.proxy65.cfg to a free port",
                    listen, e.getMessage());
            throw e;
        }
        List<String> served = config.xmpp_host().equals(IqHandler.ANY_HOST) ? List.copyOf(hosts.all()) : List.of(config.xmpp_host().strip());
        bytestreams = new Bytestreams(router, proxy, hosts::isServed, config.address().strip(), proxy.port());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(xmpp.core.route.Component.ROUTE, served.stream().map(h -> Jid.ofDomain(config.subdomain().strip() + "." + h).domainpart())
                .sorted().toArray(String[]::new));
        props.put(Disco.IDENTITY, "proxy/bytestreams/SOCKS5 Bytestreams");
        props.put(Disco.FEATURE, Bytestreams.NS);
        route = context.registerService(xmpp.core.route.Component.class, this, props);
        log.log(System.Logger.Level.INFO, "xmpp.mod.proxy65: SOCKS5 proxy listening on port {0} for {1}", String.valueOf(proxy.port()), served);
    }

    @Deactivate
    void deactivate() throws IOException {
        route.unregister();
        proxy.close();
    }

    @Override
    public void route(Jid from, Jid to, xmpp.core.xml.Element stanza) {
        bytestreams.route(from, to, stanza.withAttr("from", from.toString()).withAttr("to", to.toString()));
    }
}
