package xmpp.mod.version.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.xml.Element;

/**
 * XEP-0092: a get of {@code jabber:iq:version} to the server answers the server's name, its
 * version and, unless the operator hides it, the operating system; a set is {@code not-allowed}.
 *
 * <p>Every served domain by default; per domain with factory configurations
 * {@code etc/xmpp.mod.version-<name>.cfg} ({@code xmpp.host=<domain>}).
 */
@Component(configurationPid = "xmpp.mod.version", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = VersionModule.Config.class, factory = true)
@IqHandlerFor(namespace = VersionModule.NS, discipline = IqHandler.NO_QUEUE) // the answer is made once, at activation
public final class VersionModule implements IqHandler {

    static final String NS = "jabber:iq:version";

    @ObjectClassDefinition(name = "XMPP module: version (XEP-0092)")
    @interface Config {
        @AttributeDefinition(description = "Served domain, or * for all of them.")
        String xmpp_host() default "*";

        @AttributeDefinition(description = "The software name answered.")
        String name() default "xmpp.server";

        @AttributeDefinition(description = "Leave the operating system out of the answer, so that it tells attackers less.")
        boolean hide_os() default false;
    }

    private final Element answer;

    @Activate
    public VersionModule(Config config, BundleContext context) {
        this(config.name(), context.getBundle().getVersion().toString(),
                config.hide_os() ? "" : System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** {@code os} empty: the answer has no {@code <os/>}. */
    VersionModule(String name, String version, String os) {
        Element.Builder query = Element.builder("query").xmlns(NS)
                .child(Element.builder("name").text(name).build())
                .child(Element.builder("version").text(version).build());
        if (!os.isBlank()) query.child(Element.builder("os").text(os).build());
        answer = query.build();
    }

    @Override
    public Element handle(Iq iq) {
        if (iq.type() == Iq.Type.SET) return iq.errorReply(StanzaError.Condition.NOT_ALLOWED);
        return iq.resultReply(answer);
    }
}
