package xmpp.shell.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code xmpp.console}: the loopback port bin/xmppctl talks to. */
@ObjectClassDefinition(name = "XMPP console", description = "Runs shell commands sent by bin/xmppctl over loopback.")
public @interface ConsoleConfig {

    @AttributeDefinition(description = "TCP port on 127.0.0.1; 0 turns the console off.")
    int port() default 5582;

    @AttributeDefinition(description = "Console connections open at once; more are refused.")
    int max_connections() default 4;
}
