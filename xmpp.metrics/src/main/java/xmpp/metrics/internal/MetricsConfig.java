package xmpp.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The metrics endpoint (PID {@value #PID}, {@code etc/xmpp.metrics.cfg}). */
@ObjectClassDefinition(name = "XMPP Prometheus metrics", description = "The server's metrics for Prometheus, on the HTTP service.")
@interface MetricsConfig {

    String PID = "xmpp.metrics";

    @AttributeDefinition(description = "Whether the endpoint is served; without it nothing is measured either.")
    boolean enabled() default true;

    @AttributeDefinition(description = "The endpoint's path on the HTTP service.")
    String path() default "/metrics";

    @AttributeDefinition(required = false, type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
            description = "Bearer token that lets a scraper in from elsewhere than loopback (Authorization: Bearer <token>); empty: loopback only.")
    String token() default "";
}
