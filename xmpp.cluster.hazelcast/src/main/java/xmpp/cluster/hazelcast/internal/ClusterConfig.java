package xmpp.cluster.hazelcast.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code xmpp.cluster} (file {@code etc/xmpp.cluster.cfg}). Without that file
 * nothing of Hazelcast starts and the server is a single node. This node's name is not here but
 * in {@link ServerNode}. The definition designates its PID itself, since the component that reads
 * it reads two PIDs and so cannot carry a {@code @Designate}.
 */
@ObjectClassDefinition(pid = ClusterConfig.PID, name = "XMPP cluster (Hazelcast)",
        description = "Members, port and interface of the cluster this node joins.")
public @interface ClusterConfig {

    String PID = "xmpp.cluster";

    @AttributeDefinition(description = "The cluster's name: members with another name never join this one.")
    String name() default "xmpp";

    @AttributeDefinition(description = "Every member as host:port (this node too may be listed), comma-separated: TCP/IP join, no multicast.")
    String[] members() default {"127.0.0.1:5701"};

    @AttributeDefinition(description = "The interface the cluster port binds to: an address of this machine on a private network.")
    String address() default "127.0.0.1";

    @AttributeDefinition(description = "The cluster port (TCP).")
    int port() default 5701;

    @AttributeDefinition(description = "Bind to a wildcard (0.0.0.0, ::) or a public address. Hazelcast's members authenticate "
            + "nothing and encrypt nothing: only with a firewall that lets in the other members alone.")
    boolean public_allowed() default false;

    @AttributeDefinition(description = "Seconds without a heartbeat after which a member counts as gone and its sessions are removed.")
    int member_timeout_s() default 10;
}
