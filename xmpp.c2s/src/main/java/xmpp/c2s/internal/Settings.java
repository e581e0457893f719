package xmpp.c2s.internal;

import java.time.Duration;

/** A listener's settings, read once from its {@link ListenerConfig}. */
public record Settings(String address, int port, boolean directTls, boolean starttlsRequired, boolean plaintextOnLoopback,
                int maxStanzaBytes, Duration authTimeout, int maxAuthFailures, int maxConnections, int maxUnauthenticatedPerIp,
                int maxFailedLoginsPerIp, Duration failedLoginsWindow, int maxQueuedStanzas, int maxQueuedBytes, Duration keepalive, Duration writeTimeout) {

    public static Settings of(ListenerConfig c) {
        return new Settings(c.address(), c.port(), ListenerConfig.DIRECT_TLS.equals(c.tls()), c.starttls_required(),
                c.plaintext_on_loopback(), c.max_stanza_bytes(), Duration.ofSeconds(c.auth_timeout_s()), c.max_auth_failures(),
                c.max_connections(), c.max_unauthenticated_per_ip(), c.max_failed_logins_per_ip(),
                Duration.ofSeconds(c.failed_logins_window_s()), c.max_queued_stanzas(), c.max_queued_bytes(),
                Duration.ofSeconds(c.keepalive_s()), Duration.ofSeconds(c.write_timeout_s()));
    }

    String describe() {
        return (directTls ? "direct TLS" : "STARTTLS" + (starttlsRequired ? " required" : " optional")) + " on " + address + ":" + port;
    }
}
