package xmpp.c2s.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One client listener: factory PID {@code xmpp.c2s}, one configuration per listener (files
 * {@code etc/xmpp.c2s-<name>.cfg}).
 */
@ObjectClassDefinition(name = "XMPP client listener", description = "A TCP port where clients connect (RFC 6120).")
public @interface ListenerConfig {

    String PID = "xmpp.c2s";
    String STARTTLS = "starttls";
    String DIRECT_TLS = "direct";

    @AttributeDefinition(description = "Address to listen on; 0.0.0.0 or :: for every interface.")
    String address() default "0.0.0.0";

    int port() default 5222;

    @AttributeDefinition(description = "starttls: plain TCP upgraded with STARTTLS (usually 5222); direct: TLS from the first byte (XEP-0368, usually 5223).",
            options = {@Option(label = "STARTTLS", value = STARTTLS), @Option(label = "direct TLS", value = DIRECT_TLS)})
    String tls() default STARTTLS;

    @AttributeDefinition(description = "Refuse authentication before STARTTLS.")
    boolean starttls_required() default true;

    @AttributeDefinition(description = "Let clients on a loopback address (127.0.0.0/8, ::1) authenticate without TLS although it is required.")
    boolean plaintext_on_loopback() default false;

    @AttributeDefinition(description = "Largest stanza in bytes (policy-violation beyond).", min = "10000")
    int max_stanza_bytes() default 262_144;

    @AttributeDefinition(description = "Seconds a connection may take to authenticate and bind before it is closed (connection-timeout).", min = "1")
    int auth_timeout_s() default 60;

    @AttributeDefinition(description = "Failed authentications on one connection before it is closed.", min = "1")
    int max_auth_failures() default 3;

    @AttributeDefinition(description = "Open connections on this listener; more are refused.", min = "1")
    int max_connections() default 100_000;

    @AttributeDefinition(description = "Connections from one IP address that have not logged in yet; more are refused. "
            + "Logged-in connections do not count: users behind one NAT share an address.", min = "1")
    int max_unauthenticated_per_ip() default 1_000;

    @AttributeDefinition(description = "Failed logins from one IP address after which it may not log in (new connections from it are refused) "
            + "until failed.logins.window.s have passed since its last failure; ejabberd's mod_fail2ban.", min = "1")
    int max_failed_logins_per_ip() default 20;

    @AttributeDefinition(description = "Seconds a failed login from an address is remembered after the last one, and how long an address "
            + "that reached max.failed.logins.per.ip is refused.", min = "1")
    int failed_logins_window_s() default 3_600;

    @AttributeDefinition(description = "Stanzas waiting for a client that reads too slowly before its session is closed.", min = "1")
    int max_queued_stanzas() default 1_000;

    @AttributeDefinition(description = "Bytes waiting for a client that reads too slowly before its session is closed.", min = "65536")
    int max_queued_bytes() default 4 * 1024 * 1024;

    @AttributeDefinition(description = "Seconds without anything to send before a whitespace keepalive goes out (it also finds dead connections).", min = "1")
    int keepalive_s() default 60;

    @AttributeDefinition(description = "Seconds a write to a client may make no progress before its session is closed and what waits for it is routed again.", min = "1")
    int write_timeout_s() default 15;

    @AttributeDefinition(description = "XEP-0198: longest time in seconds a session whose connection was lost stays for the client to resume it "
            + "(a client may ask for less); then its unacknowledged messages go to the account's other resources or offline storage.", min = "0")
    int sm_max_resume_s() default 300;
}
