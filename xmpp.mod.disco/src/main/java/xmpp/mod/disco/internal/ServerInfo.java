package xmpp.mod.disco.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.route.ServiceProperties;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.xml.Element;

/**
 * XEP-0030 disco#info of the server: its identity, every feature the registered services give
 * it now (see {@link DiscoCatalog}), and the XEP-0157 contact addresses of its configuration as
 * XEP-0128 extended info. The same answer for the XEP-0115 node {@code <node>#<ver>}.
 *
 * <p>Every served domain by default; per domain with factory configurations
 * {@code etc/xmpp.mod.disco-<name>.cfg} ({@code xmpp.host=<domain>}), which
 * {@link ServerItems} shares.
 */
@Component(service = {IqHandler.class, ServerInfo.class}, configurationPid = ServerInfo.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ServerInfo.Config.class, factory = true)
@IqHandlerFor(namespace = ServerInfo.NS, discipline = IqHandler.NO_QUEUE) // built from memory: cheaper than a queue hop
public final class ServerInfo implements IqHandler {

    static final String PID = "xmpp.mod.disco";
    static final String NS = "http://jabber.org/protocol/disco#info";
    /** The XEP-0115 node naming this software. */
    static final String CAPS_NODE = "urn:x-xmpp-server:caps";

    @ObjectClassDefinition(name = "XMPP module: service discovery (XEP-0030)")
    @interface Config {
        @AttributeDefinition(description = "Served domain, or * for all of them.")
        String xmpp_host() default "*";

        @AttributeDefinition(description = "The name in the server's identity (category server, type im).")
        String name() default "XMPP server";

        @AttributeDefinition(required = false, description = "XEP-0157 addresses (mailto:, xmpp:, https: URIs) to report abuse to.")
        String[] abuse_addresses() default {};

        @AttributeDefinition(required = false, description = "XEP-0157 addresses of the server's administrators.")
        String[] admin_addresses() default {};

        @AttributeDefinition(required = false, description = "XEP-0157 addresses for feedback.")
        String[] feedback_addresses() default {};

        @AttributeDefinition(required = false, description = "XEP-0157 addresses for sales.")
        String[] sales_addresses() default {};

        @AttributeDefinition(required = false, description = "XEP-0157 addresses for security reports.")
        String[] security_addresses() default {};

        @AttributeDefinition(required = false, description = "XEP-0157 addresses of a status page.")
        String[] status_addresses() default {};

        @AttributeDefinition(required = false, description = "XEP-0157 addresses for support.")
        String[] support_addresses() default {};
    }

    private final DiscoCatalog catalog;
    private final Identity identity;
    private final ContactAddresses contacts;
    private final List<String> hosts;

    @Activate
    public ServerInfo(Config config, @Reference DiscoCatalog catalog) {
        this(catalog, config.name(), ServiceProperties.strings(config.xmpp_host()), contacts(config));
    }

    ServerInfo(DiscoCatalog catalog, String name, List<String> hosts, ContactAddresses contacts) {
        this.catalog = catalog;
        this.identity = new Identity("server", "im", name);
        this.hosts = List.copyOf(hosts);
        this.contacts = contacts;
    }

    private static ContactAddresses contacts(Config c) {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        byKind.put("abuse", ServiceProperties.strings(c.abuse_addresses()));
        byKind.put("admin", ServiceProperties.strings(c.admin_addresses()));
        byKind.put("feedback", ServiceProperties.strings(c.feedback_addresses()));
        byKind.put("sales", ServiceProperties.strings(c.sales_addresses()));
        byKind.put("security", ServiceProperties.strings(c.security_addresses()));
        byKind.put("status", ServiceProperties.strings(c.status_addresses()));
        byKind.put("support", ServiceProperties.strings(c.support_addresses()));
        return new ContactAddresses(byKind);
    }

    @Override
    public Element handle(Iq iq) {
        if (iq.type() == Iq.Type.SET) return iq.errorReply(StanzaError.Condition.NOT_ALLOWED);
        String host = iq.to().map(to -> to.domainpart()).orElse("");
        String node = iq.payload().map(p -> p.attr("node")).orElse("");
        Element info = info(host);
        if (node.isEmpty()) return iq.resultReply(info);
        if (node.equals(CAPS_NODE + "#" + Caps.ver(info))) return iq.resultReply(info.withAttr("node", node));
        return iq.errorReply(StanzaError.Condition.ITEM_NOT_FOUND);
    }

    /** Whether this configuration is the one for {@code host}: named there, or for every domain. */
    boolean servesExactly(String host) {
        return hosts.contains(host);
    }

    /** The disco#info query of the server {@code host}, as it is now. */
    Element info(String host) {
        Element.Builder query = Element.builder("query").xmlns(NS).child(identity.toElement());
        for (String feature : catalog.serverFeatures(host)) query.child(Element.of("feature").withAttr("var", feature));
        contacts.form().ifPresent(query::child);
        return query.build();
    }
}
