package xmpp.mod.pubsub.internal;

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
import xmpp.core.auth.AccountListener;
import xmpp.core.jid.Jid;
import xmpp.core.route.Disco;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaException;
import xmpp.core.stanza.Stanzas;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * A publish-subscribe service (XEP-0060) at {@code pubsub.<domain>} for each served domain, or
 * at the configured {@code host}: a component, so the service's domain is its own. Nodes and
 * items live in the {@link PubSubStore} that personal eventing uses too.
 */
@Component(service = AccountListener.class, configurationPid = "xmpp.mod.pubsub", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PubSubModule.Config.class, factory = true)
public final class PubSubModule implements xmpp.core.route.Component, AccountListener {

    static final String[] FEATURES = {ServiceRequests.NS, ServiceRequests.NS + "#create-nodes", ServiceRequests.NS + "#instant-nodes",
            ServiceRequests.NS + "#config-node", ServiceRequests.NS + "#retrieve-default", ServiceRequests.NS + "#delete-nodes",
            ServiceRequests.NS + "#purge-nodes", ServiceRequests.NS + "#publish", ServiceRequests.NS + "#persistent-items",
            ServiceRequests.NS + "#retrieve-items", ServiceRequests.NS + "#retract-items", ServiceRequests.NS + "#access-open",
            ServiceRequests.NS + "#access-authorize", ServiceRequests.NS + "#access-whitelist", ServiceRequests.NS + "#multi-subscribe", ServiceRequests.NS + "#subscribe", ServiceRequests.NS + "#subscription-options",
            ServiceRequests.NS + "#retrieve-subscriptions", ServiceRequests.NS + "#retrieve-affiliations", ServiceRequests.NS + "#manage-subscriptions",
            ServiceRequests.NS + "#modify-affiliations", ServiceRequests.NS + "#member-affiliation", ServiceRequests.NS + "#publisher-affiliation",
            ServiceRequests.NS + "#publish-only-affiliation", ServiceRequests.NS + "#outcast-affiliation",
            ServiceRequests.NS + "#delete-items", ServiceRequests.NS + "#publish-options", ServiceRequests.NS + "#get-pending", ServiceRequests.RSM_NS,
            PendingCommand.COMMANDS_NS};

    @ObjectClassDefinition(name = "XMPP module: pubsub", description = "A publish-subscribe service (XEP-0060).")
    @interface Config {
        @AttributeDefinition(required = false, description = "The service's domain. Empty: pubsub.<domain> for every served domain.")
        String host() default "";

        @AttributeDefinition(description = "Most items a node keeps, also when its pubsub#max_items is max.")
        int max_items() default 256;

        @AttributeDefinition(description = "Largest item a user may publish, in bytes of XML; larger ones get not-acceptable with payload-too-big.")
        int max_item_bytes() default 262144;
    }

    private static final System.Logger log = System.getLogger(PubSubModule.class.getName());

    private final Router router;
    private final ServiceRequests requests;
    private final List<Jid> services;
    private ServiceRegistration<xmpp.core.route.Component> route;

    /** The services alone, without a route: what {@link #route} and {@link #deleted} do needs nothing more. */
    PubSubModule(Router router, ServiceRequests requests, List<Jid> services) {
        this.router = router;
        this.requests = requests;
        this.services = List.copyOf(services);
    }

    // The route is registered here, not by DS, because its domains come from the served domains.
    @Activate
    public PubSubModule(Config config, BundleContext context, @Reference Router router, @Reference Hosts hosts, @Reference PubSubStore store) {
        this(router, new ServiceRequests(store, router, config.max_items(), config.max_item_bytes()), domains(config, hosts));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(xmpp.core.route.Component.ROUTE, services.stream().map(Jid::toString).toArray(String[]::new));
        props.put(Disco.IDENTITY, "pubsub/service/Publish-Subscribe");
        props.put(Disco.FEATURE, FEATURES);
        route = context.registerService(xmpp.core.route.Component.class, this, props);
    }

    private static List<Jid> domains(Config config, Hosts hosts) {
        return config.host().isBlank()
                ? hosts.all().stream().map(h -> Jid.of("pubsub." + h)).sorted().toList()
                : List.of(Jid.of(config.host().strip()));
    }

    @Deactivate
    void deactivate() {
        route.unregister();   // the route is gone before stop returns
    }

    /** The account's nodes at each service go, or pass to another owner (the store has already dropped its subscriptions and affiliations). */
    @Override
    public void deleted(Jid account) {
        for (Jid service : services) {
            try {
                requests.accountDeleted(service, account);
            } catch (StorageException e) {
                log.log(System.Logger.Level.ERROR, "the pubsub nodes of deleted account {0} at {1} stay: {2}; delete them with the owner's requests or the database",
                        account, service, e.getMessage());
            }
        }
    }

    @Override
    public void route(Jid from, Jid to, Element stanza) {
        if (Stanzas.isError(stanza)) return;
        if (stanza.name().equals("message")) {   // an owner's answer to a subscription request, or nothing the service answers
            requests.authorization(to, from, stanza).ifPresent(error -> router.route(to, from, error));
            return;
        }
        if (!stanza.name().equals("iq") || !(stanza.attr("type").equals("get") || stanza.attr("type").equals("set")))
            return;   // presence is nothing the service answers
        Element reply;
        if (!to.localpart().isEmpty() || !to.resourcepart().isEmpty()) {
            reply = Stanzas.errorReply(stanza, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE, "the service has no entities below its domain"));
        } else {
            try {
                reply = requests.handle(to, Iq.of(stanza));
            } catch (StanzaException e) {
                reply = Stanzas.errorReply(stanza, e.error());
            }
        }
        router.route(to, from, reply);
    }
}
