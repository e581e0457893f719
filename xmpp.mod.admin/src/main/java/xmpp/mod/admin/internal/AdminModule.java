package xmpp.mod.admin.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
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
import xmpp.core.auth.Accounts;
import xmpp.core.command.AdhocCommand;
import xmpp.core.command.CommandStep;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;
import xmpp.core.route.Router;
import xmpp.core.route.ServiceProperties;
import xmpp.core.route.Sessions;
import xmpp.core.xml.Element;

/**
 * XEP-0133 service administration: one ad-hoc command service per command, which the ad-hoc
 * commands module runs for the admins named in {@code etc/xmpp.mod.admin.cfg}, and for nobody
 * else. A configuration change re-registers them.
 */
@Component(service = {}, configurationPid = "xmpp.mod.admin", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AdminModule.Config.class)
public final class AdminModule {

    private static final System.Logger log = System.getLogger(AdminModule.class.getName());

    @ObjectClassDefinition(name = "XMPP module: admin (XEP-0133)")
    @interface Config {
        @AttributeDefinition(description = "Bare JIDs of the accounts that may run the admin commands, comma-separated")
        String[] admins() default {};
    }

    private final List<ServiceRegistration<AdhocCommand>> registrations = new ArrayList<>();

    @Activate
    public AdminModule(Config config, BundleContext context, @Reference Accounts accounts, @Reference Sessions sessions, @Reference Router router) {
        Set<Jid> admins = admins(config.admins());
        if (admins.isEmpty())
            log.log(System.Logger.Level.WARNING, "no admins in etc/xmpp.mod.admin.cfg (admins=): nobody can run the service administration commands");
        for (AdminCommand command : new AdminCommands(accounts, sessions, router).all()) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(AdhocCommand.NODE, command.fullNode());
            props.put(AdhocCommand.NAME, command.name());
            registrations.add(context.registerService(AdhocCommand.class, forAdmins(command, admins), props));
        }
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
    }

    static AdhocCommand forAdmins(AdminCommand command, Set<Jid> admins) {
        return new AdhocCommand() {
            @Override
            public boolean allowed(Jid requester, String host) {
                return admins.contains(requester.bare());
            }

            @Override
            public CommandStep execute(Jid requester, String host, Optional<Element> submitted) throws Exception {
                if (submitted.isEmpty() && command.form().isPresent()) return CommandStep.ask(command.form().get());
                return command.action().run(submitted.orElse(Element.of("x", Form.NS)), host);
            }
        };
    }

    private static Set<Jid> admins(String[] configured) {
        Set<Jid> admins = new LinkedHashSet<>();
        for (String a : ServiceProperties.strings(configured)) {
            try {
                admins.add(Jid.of(a).bare());
            } catch (JidFormatException e) {
                log.log(System.Logger.Level.ERROR, "ignoring admin ''{0}'' in etc/xmpp.mod.admin.cfg: {1}", a, e.getMessage());
            }
        }
        return admins;
    }
}
