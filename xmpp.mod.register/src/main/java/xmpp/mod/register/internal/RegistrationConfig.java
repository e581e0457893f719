package xmpp.mod.register.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.route.IqHandler;

/** Factory PID {@code xmpp.mod.register}: one configuration per group of domains. */
@ObjectClassDefinition(name = "XMPP module: register (XEP-0077)")
public @interface RegistrationConfig {

    String PID = "xmpp.mod.register";

    @AttributeDefinition(description = "The served domains this configuration covers, comma-separated, or * for all: "
            + "the allow-list of domains where clients may register when in.band is on")
    String xmpp_host() default IqHandler.ANY_HOST;

    @AttributeDefinition(description = "Whether clients may create accounts before they log in (in-band registration); "
            + "password change and account removal for logged-in users are always available")
    boolean in_band() default false;

    @AttributeDefinition(description = "Accounts one client address may create within window.s")
    int per_address() default 3;

    @AttributeDefinition(description = "The window of per.address, in seconds")
    int window_s() default 3600;
}
