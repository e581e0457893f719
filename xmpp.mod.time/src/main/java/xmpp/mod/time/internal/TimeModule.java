package xmpp.mod.time.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
 * XEP-0202: a get of {@code urn:xmpp:time} to the server answers its time in UTC and its zone's
 * offset; a set is {@code not-allowed}. Every served domain by default; per domain with factory
 * configurations {@code etc/xmpp.mod.time-<name>.cfg} ({@code xmpp.host=<domain>}).
 */
@Component(configurationPid = "xmpp.mod.time", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TimeModule.Config.class, factory = true)
@IqHandlerFor(namespace = TimeModule.NS, discipline = IqHandler.NO_QUEUE) // reading the clock costs less than a queue hop
public final class TimeModule implements IqHandler {

    static final String NS = "urn:xmpp:time";

    @ObjectClassDefinition(name = "XMPP module: time (XEP-0202)")
    @interface Config {
        @AttributeDefinition(description = "Served domain, or * for all of them.")
        String xmpp_host() default "*";
    }

    private final Clock clock;

    @Activate
    public TimeModule() {
        this(Clock.systemDefaultZone());
    }

    TimeModule(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Element handle(Iq iq) {
        if (iq.type() == Iq.Type.SET) return iq.errorReply(StanzaError.Condition.NOT_ALLOWED);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ZoneOffset offset = clock.getZone().getRules().getOffset(now);
        String tzo = offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();   // XEP-0082 wants +00:00, not Z
        return iq.resultReply(Element.builder("time").xmlns(NS)
                .child(Element.builder("tzo").text(tzo).build())
                .child(Element.builder("utc").text(now.toString()).build()).build());
    }
}
