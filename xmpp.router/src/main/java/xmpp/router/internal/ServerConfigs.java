package xmpp.router.internal;

import java.lang.annotation.Annotation;

/** {@link ServerConfig} values outside OSGi, where no Configuration Admin makes them: tests, tools, benchmarks. */
public final class ServerConfigs {

    private ServerConfigs() {
    }

    /** Node "local", a 5 s IQ timeout, a queue of 100 per handler and 100 parallel IQs, and these served domains. */
    public static ServerConfig of(String... hosts) {
        return onNode("local", hosts);
    }

    /** As {@link #of}, on the node named {@code node} of a cluster. */
    public static ServerConfig onNode(String node, String... hosts) {
        return new ServerConfig() {
            @Override public Class<? extends Annotation> annotationType() { return ServerConfig.class; }
            @Override public String[] hosts() { return hosts.clone(); }
            @Override public String node() { return node; }
            @Override public long iq_timeout_ms() { return 5000; }
            @Override public int iq_queue_limit() { return 100; }
            @Override public int iq_parallel_limit() { return 100; }
        };
    }
}
