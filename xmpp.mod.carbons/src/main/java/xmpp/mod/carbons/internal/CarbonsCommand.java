package xmpp.mod.carbons.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.jid.Jid;
import xmpp.core.route.Disco;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.xml.Element;

/**
 * XEP-0280 section 4: a session enables or disables carbons with a set to its own account or
 * to its server.
 */
@Component(configurationPid = "xmpp.mod.carbons", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = Disco.FEATURE + "=" + CarbonsEnabled.NS)   // clients look for it on the server (XEP-0280 section 3)
@Designate(ocd = CarbonsCommand.Config.class, factory = true)
@IqHandlerFor(namespace = CarbonsEnabled.NS, scope = {IqHandler.SCOPE_SM, IqHandler.SCOPE_LOCAL}, discipline = IqHandler.NO_QUEUE)   // a set insert costs less than a queue hop
public final class CarbonsCommand implements IqHandler {

    @ObjectClassDefinition(name = "XMPP module: carbons", description = "Message carbons (XEP-0280).")
    @interface Config {
        @AttributeDefinition(description = "Served domain, or * for all of them.")
        String xmpp_host() default IqHandler.ANY_HOST;
    }

    private final CarbonsEnabled carbons;

    @Activate
    public CarbonsCommand(@Reference CarbonsEnabled carbons) {
        this.carbons = carbons;
    }

    @Override
    public Element handle(Iq request) throws StanzaException {
        Jid from = request.from().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST, "no sender"));
        Jid to = request.to().orElse(from.bare());
        if (!to.equals(from.bare()) && !to.equals(from.domain()))
            throw new StanzaException(Condition.FORBIDDEN, "carbons are enabled by the session itself");
        if (request.type() != Iq.Type.SET) throw new StanzaException(Condition.BAD_REQUEST, "carbons are enabled or disabled with a set");
        switch (request.payload().orElseThrow().name()) {
            case "enable" -> carbons.enable(from);
            case "disable" -> carbons.disable(from);
            default -> throw new StanzaException(Condition.BAD_REQUEST, "expected <enable/> or <disable/>");
        }
        return request.resultReply();
    }
}
