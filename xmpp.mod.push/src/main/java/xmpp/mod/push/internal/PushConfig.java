package xmpp.mod.push.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code xmpp.mod.push}. */
@ObjectClassDefinition(name = "XMPP module: push notifications", description = "Push notifications (XEP-0357).")
public @interface PushConfig {

    String PID = "xmpp.mod.push";

    @AttributeDefinition(description = "Served domain whose users enable push, or * for all of them.")
    String xmpp_host() default "*";

    @AttributeDefinition(description = "Most app servers (client devices) one account may enable.")
    int max_registrations() default 10;

    @AttributeDefinition(description = "Errors in a row (none of type wait) after which an app server's registration is disabled.")
    int max_errors() default 5;
}
