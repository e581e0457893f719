package xmpp.router.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code xmpp.server} (file {@code etc/xmpp.server.cfg}); changes apply live. */
@ObjectClassDefinition(name = "XMPP server", description = "Served domains, this node's name, IQ timeout.")
public @interface ServerConfig {

    String PID = "xmpp.server";

    @AttributeDefinition(description = "The domains this server serves (ejabberd's hosts).")
    String[] hosts() default {"localhost"};

    @AttributeDefinition(description = "This node's name in the cluster's route and session tables; unique per node.")
    String node() default "local";

    @AttributeDefinition(description = "Milliseconds an IQ handler may take before the requester gets remote-server-timeout.")
    long iq_timeout_ms() default 30_000;

    @AttributeDefinition(description = "IQs that may wait in one handler's queue (one_queue) before new ones get resource-constraint.")
    int iq_queue_limit() default 10_000;

    @AttributeDefinition(description = "IQs that may run at once in one handler (parallel) before new ones get resource-constraint.")
    int iq_parallel_limit() default 1_000;
}
