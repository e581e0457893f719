package org.example.hello.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.jid.Jid;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.xml.Element;

/**
 * Answers {@code <hello xmlns='urn:example:hello'/>} sent to a served domain with a greeting for
 * the sender. Runs on every served domain, or on the domains of its factory configurations
 * ({@code etc/org.example.hello-<name>.cfg} with {@code xmpp.host=<domain>}).
 */
@Component(configurationPid = "org.example.hello", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HelloModule.Config.class, factory = true)
@IqHandlerFor(namespace = HelloModule.NS, discipline = IqHandler.NO_QUEUE) // a reply costs less than a queue hop
public final class HelloModule implements IqHandler {

    static final String NS = "urn:example:hello";

    @ObjectClassDefinition(name = "Example module: hello")
    @interface Config {
        @AttributeDefinition(description = "A served domain, or * for all of them")
        String xmpp_host() default IqHandler.ANY_HOST;
    }

    @Override
    public Element handle(Iq iq) {
        if (iq.type() == Iq.Type.SET) return iq.errorReply(StanzaError.Condition.NOT_ALLOWED);
        String greeting = "Hello, " + iq.from().map(Jid::bare).map(Jid::toString).orElse("stranger") + "!";
        return iq.resultReply(Element.builder("hello").xmlns(NS).child(Element.builder("greeting").text(greeting).build()).build());
    }
}
