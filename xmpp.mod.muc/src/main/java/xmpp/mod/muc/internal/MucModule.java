package xmpp.mod.muc.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import xmpp.core.route.ServiceProperties;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.Stanzas;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.RoomStore;
import xmpp.core.xml.Element;

/**
 * XEP-0045 Multi-User Chat: a chat service at {@code conference.<domain>} for each served domain
 * (or one domain, per factory configuration {@code etc/xmpp.mod.muc-<name>.cfg} with its
 * {@code xmpp.host}). The service answers its own discovery and its rooms', so it tells the
 * discovery module to leave its domain alone ({@link Disco#SELF_ANSWERED}).
 */
// Immediate: the route is registered at activation, and only the shell's command ever asks for this service.
@Component(service = MucModule.class, immediate = true, configurationPid = "xmpp.mod.muc", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MucModule.Config.class, factory = true)
public final class MucModule implements xmpp.core.route.Component {

    @ObjectClassDefinition(name = "XMPP module: multi-user chat (XEP-0045)")
    @interface Config {
        @AttributeDefinition(description = "A served domain, or * for all of them")
        String xmpp_host() default IqHandler.ANY_HOST;

        @AttributeDefinition(description = "The service's address is this label, a dot and the served domain")
        String subdomain() default "conference";

        @AttributeDefinition(description = "The service's name in service discovery")
        String name() default "Chat rooms";

        @AttributeDefinition(description = "local: only users of served domains create rooms; anyone: users of any server; admins: only the admins below")
        String create() default "local";

        @AttributeDefinition(description = "Bare JIDs of the service's admins: they may always create rooms, and as many as they like")
        String[] admins() default {};

        @AttributeDefinition(description = "Most rooms one user may own at once (0: no limit)")
        int rooms_per_user() default 10;

        @AttributeDefinition(description = "Most occupants of one room (0: no limit); a room's own limit may only be lower")
        int max_users() default 200;

        @AttributeDefinition(description = "Most messages of discussion history a room may keep")
        int max_history() default 50;

        @AttributeDefinition(description = "Messages of discussion history a new room keeps")
        int default_history() default 20;

        @AttributeDefinition(description = "Messages per second one occupant may send to a room, in bursts of twice that (0: no limit)")
        double max_messages_per_second() default 5;

        @AttributeDefinition(description = "Whether a new room keeps an archive of its messages (XEP-0313) that occupants may search; its owner may turn it off")
        boolean archive_default() default true;
    }

    private static final System.Logger log = System.getLogger(MucModule.class.getName());

    private final Map<String, MucService> services = new HashMap<>();
    private final Router router;
    private ServiceRegistration<xmpp.core.route.Component> route;

    @Activate
    public MucModule(Config config, BundleContext context, @Reference Router router, @Reference Hosts hosts,
                     @Reference RoomStore store, @Reference MessageArchive archive) {
        this.router = router;
        MucService.Settings settings = new MucService.Settings(config.name(), creators(config.create()), admins(config.admins()),
                Math.max(0, config.rooms_per_user()), Math.max(0, config.max_users()), Math.max(0, config.max_history()),
                Math.clamp(config.default_history(), 0, Math.max(0, config.max_history())), Math.max(0, config.max_messages_per_second()),
                config.archive_default());
        Iterable<String> served = config.xmpp_host().equals(IqHandler.ANY_HOST) ? hosts.all() : java.util.List.of(config.xmpp_host().strip());
        for (String host : served) {
            Jid domain = Jid.ofDomain(config.subdomain().strip() + "." + host);
            services.put(domain.domainpart(), new MucService(domain, router, settings, hosts::isServed, Clock.systemUTC(), store, archive));
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(xmpp.core.route.Component.ROUTE, services.keySet().stream().sorted().toArray(String[]::new));
        props.put(Disco.IDENTITY, "conference/text/" + config.name());
        props.put(Disco.SELF_ANSWERED, "true");
        route = context.registerService(xmpp.core.route.Component.class, this, props);
    }

    private static MucService.Creators creators(String configured) {
        try {
            return MucService.Creators.valueOf(configured.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            log.log(System.Logger.Level.WARNING, "xmpp.mod.muc: create={0} is none of local, anyone, admins; only local users create rooms",
                    configured);
            return MucService.Creators.LOCAL;
        }
    }

    private static Set<Jid> admins(String[] configured) {
        Set<Jid> admins = new HashSet<>();
        for (String a : ServiceProperties.strings(configured)) {
            Optional<Jid> jid = Jid.parse(a.strip());
            if (jid.isPresent()) admins.add(jid.get().bare());
            else log.log(System.Logger.Level.WARNING, "xmpp.mod.muc: admins: ''{0}'' is not a JID; ignored", a);
        }
        return Set.copyOf(admins);
    }

    @Deactivate
    void deactivate() {
        route.unregister();
        services.values().forEach(MucService::shutDown);
    }

    @Override
    public void route(Jid from, Jid to, Element stanza) {
        MucService service = services.get(to.domainpart());
        Element addressed = stanza.withAttr("from", from.toString()).withAttr("to", to.toString());
        if (service != null) service.route(from, to, addressed);
        else if (!Stanzas.isError(stanza))
            router.route(to, from, Stanzas.errorReply(addressed, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE, "no chat service here")));
    }

    /** The services of this configuration, by domain: for the shell. */
    Map<String, MucService> services() {
        return Map.copyOf(services);
    }
}
