package xmpp.mod.cputime.internal;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import javax.management.JMException;
import javax.management.ObjectName;
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
 * The seed's {@code mod_cputime}: a get of {@code ejabberd:cputime} to the server answers with
 * the server's CPU time in seconds; a set is {@code not-allowed}.
 *
 * <p>Runs on every served domain as soon as the bundle starts. For some domains only, or another
 * discipline, add factory configurations, one per domain: {@code etc/xmpp.mod.cputime-<name>.cfg}
 * with {@code xmpp.host=<domain>} and maybe {@code iqdisc=parallel}.
 */
@Component(configurationPid = "xmpp.mod.cputime", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CpuTimeModule.Config.class, factory = true)
@IqHandlerFor(namespace = CpuTimeModule.NS_CPUTIME)   // scope local, one_queue: the seed's defaults
public final class CpuTimeModule implements IqHandler {

    static final String NS_CPUTIME = "ejabberd:cputime";

    @ObjectClassDefinition(name = "XMPP module: cputime")
    @interface Config {
        @AttributeDefinition(description = "Served domain, or * for all of them.")
        String xmpp_host() default "*";

        @AttributeDefinition(description = "no_queue, one_queue or parallel (ejabberd's iqdisc).")
        String iqdisc() default IqHandler.ONE_QUEUE;
    }

    @Override
    public Element handle(Iq iq) throws JMException {
        if (iq.type() == Iq.Type.SET) return iq.errorReply(StanzaError.Condition.NOT_ALLOWED);
        String seconds = String.format(Locale.ROOT, "%.3f", processCpuNanos() / 1e9);   // the seed's io_lib:format("~.3f")
        return iq.resultReply(Element.builder("query").xmlns(NS_CPUTIME)
                .child(Element.builder("cputime").text(seconds).build()).build());
    }

    /** CPU time of the whole server process; read through JMX, as com.sun.management need not be visible in OSGi. */
    static long processCpuNanos() throws JMException {
        Object nanos = ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime");
        return ((Number) nanos).longValue();
    }
}
