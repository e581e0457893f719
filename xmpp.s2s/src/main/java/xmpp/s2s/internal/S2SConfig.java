package xmpp.s2s.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration PID {@code xmpp.s2s} ({@code etc/xmpp.s2s.cfg}): federation with other servers. */
@ObjectClassDefinition(name = "XMPP server-to-server streams", description = "Federation (RFC 6120): the listener for other servers and the streams to them.")
public @interface S2SConfig {

    String PID = "xmpp.s2s";
    String STARTTLS = "starttls";
    String DIRECT_TLS = "direct";

    @AttributeDefinition(description = "Address to listen on for other servers; 0.0.0.0 or :: for every interface.")
    String address() default "0.0.0.0";

    @AttributeDefinition(description = "Port other servers connect to (5269; 0: any free port).")
    int port() default 5269;

    @AttributeDefinition(description = "starttls: plain TCP upgraded with STARTTLS; direct: TLS from the first byte (XEP-0368, advertised as _xmpps-server._tcp).",
            options = {@Option(label = "STARTTLS", value = STARTTLS), @Option(label = "direct TLS", value = DIRECT_TLS)})
    String tls() default STARTTLS;

    @AttributeDefinition(description = "Refuse streams, both ways, that do not use TLS.")
    boolean starttls_required() default true;

    @AttributeDefinition(description = "Let a peer whose certificate does not verify (self-signed, another name, expired) authenticate by "
            + "Server Dialback; false refuses such peers. A certificate that verifies is always used for SASL EXTERNAL.")
    boolean dialback_untrusted() default true;

    @AttributeDefinition(required = false, description = "PEM files of extra trust anchors for peers' certificates, beside the system's, comma-separated.")
    String[] trust_anchors() default {};

    @AttributeDefinition(required = false, description = "Where to reach a domain instead of asking DNS: domain=host:port, comma-separated "
            + "(host:port+tls for direct TLS).")
    String[] static_routes() default {};

    @AttributeDefinition(required = false, description = "The secret of the dialback keys (XEP-0185); empty: a random one each start.")
    String dialback_secret() default "";

    @AttributeDefinition(description = "Stanzas waiting for one remote domain while its stream is set up; more are bounced.", min = "1")
    int max_queued_stanzas() default 1_000;

    @AttributeDefinition(description = "Seconds to connect, negotiate and authenticate a stream before what waits for it is bounced with remote-server-timeout.", min = "1")
    int connect_timeout_s() default 30;

    @AttributeDefinition(description = "Seconds one DNS look-up may take; a domain whose DNS does not answer is bounced with remote-server-not-found.", min = "1")
    int dns_timeout_s() default 5;

    @AttributeDefinition(description = "Seconds a stream may carry nothing before it is closed; the next stanza opens a new one.", min = "1")
    int idle_timeout_s() default 600;

    @AttributeDefinition(description = "Largest stanza from another server, in bytes (policy-violation beyond).", min = "10000")
    int max_stanza_bytes() default 262_144;

    @AttributeDefinition(description = "Streams from other servers open at once; more are refused.", min = "1")
    int max_incoming() default 10_000;
}
