package xmpp.cluster.hazelcast.internal;

/**
 * What the cluster member reads of configuration PID {@code xmpp.server} ({@code etc/xmpp.server.cfg},
 * described by the router's metatype): this node's name, one per node of the cluster.
 */
public @interface ServerNode {

    String node() default "local";
}
