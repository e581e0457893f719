package xmpp.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The HTTPS listener and the rules for plain HTTP (PID {@value #PID}, {@code etc/xmpp.http.cfg}).
 * Felix's own connector ({@code etc/org.apache.felix.http.cfg}) is the plain one, on loopback.
 */
@ObjectClassDefinition(name = "XMPP HTTP service", description = "HTTPS with the served domains' certificates; who may use plain HTTP.")
@interface HttpConfig {

    String PID = "xmpp.http";

    @AttributeDefinition(description = "Address the HTTPS listener binds to.")
    String address() default "0.0.0.0";

    @AttributeDefinition(description = "HTTPS port.")
    int port() default 5443;

    @AttributeDefinition(description = "Most connections the HTTPS listener holds at once; more wait in the backlog.")
    int max_connections() default 1000;

    @AttributeDefinition(description = "Seconds a connection may stay silent, also in the middle of a request, before it is closed.")
    int idle_timeout_s() default 30;

    @AttributeDefinition(description = "Largest request line and headers, in bytes; larger ones get 431.")
    int max_header_bytes() default 8192;

    @AttributeDefinition(description = "Slowest request body accepted, in bytes a second; a slower one gets 408.")
    long min_request_bytes_per_s() default 1024;

    @AttributeDefinition(required = false, description = "Addresses of the reverse proxies that may use plain HTTP from elsewhere than loopback; "
            + "their X-Forwarded-For names the client.")
    String[] trusted_proxies() default {};

    @AttributeDefinition(required = false, description = "The server's address as browsers and clients reach it (https://xmpp.example.org), "
            + "for the links of host-meta and upload slots; empty: the address a request came to.")
    String public_url() default "";

    @AttributeDefinition(required = false, description = "More host-meta links, each 'rel href' (e.g. an endpoint a proxy serves).")
    String[] links() default {};
}
