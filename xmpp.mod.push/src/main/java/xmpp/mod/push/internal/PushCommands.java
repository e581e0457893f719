package xmpp.mod.push.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import xmpp.core.jid.Jid;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.xml.Element;

/** XEP-0357 section 5: a client enables and disables an app server for its account. */
@Component(configurationPid = PushConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PushConfig.class)
@IqHandlerFor(namespace = Registration.NS, scope = IqHandler.SCOPE_SM)
public final class PushCommands implements IqHandler {

    private final Registrations registrations;
    private final int limit;

    @Activate
    public PushCommands(PushConfig config, @Reference Registrations registrations) {
        this.registrations = registrations;
        this.limit = Math.max(1, config.max_registrations());
    }

    @Override
    public Element handle(Iq request) throws Exception {
        Jid from = request.from().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST, "no sender"));
        Jid account = request.to().orElse(from.bare());
        if (!account.equals(from.bare())) throw new StanzaException(Condition.FORBIDDEN, "push is enabled by the account's own clients");
        if (request.type() != Iq.Type.SET) throw new StanzaException(Condition.BAD_REQUEST, "enable and disable are sets");
        Element payload = request.payload().orElseThrow();
        switch (payload.name()) {
            case "enable" -> {
                if (!registrations.enable(account, Registration.enable(payload), limit))
                    throw new StanzaException(Condition.RESOURCE_CONSTRAINT, "at most " + limit + " app servers per account");
            }
            case "disable" -> registrations.disable(account, Jid.parse(payload.attr("jid")).orElseThrow(() ->
                    new StanzaException(Condition.BAD_REQUEST, "disable needs the app server's jid")), payload.attr("node"));
            default -> throw new StanzaException(Condition.BAD_REQUEST, "expected <enable/> or <disable/>");
        }
        return request.resultReply();
    }
}
