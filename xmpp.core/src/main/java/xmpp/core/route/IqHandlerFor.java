package xmpp.core.route;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Typed service properties of an {@link IqHandler} on a DS component:
 * {@code @IqHandlerFor(namespace = "urn:xmpp:ping", scope = {"local", "sm"})} becomes
 * {@code xmpp.iq.namespace}, {@code xmpp.iq.scope} and {@code xmpp.iq.discipline}. The host
 * comes from the component's configuration ({@code xmpp.host}), as a module runs per host.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface IqHandlerFor {

    String PREFIX_ = "xmpp.iq.";

    String namespace();

    String[] scope() default {IqHandler.SCOPE_LOCAL};

    String discipline() default IqHandler.ONE_QUEUE;
}
