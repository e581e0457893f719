package xmpp.c2s.internal;

import java.time.Duration;

/** A listener's settings, read once from its {@link ListenerConfig}. */
public record Settings(String address, int port, boolean directTls, boolean starttlsRequired, boolean plaintextOnLoopback,
                int maxStanzaBytes, Duration authTimeout, int maxAuthFailures, int maxConnections, int maxUnauthenticatedPerIp,
                int maxFailedLoginsPerIp, Duration failedLoginsWindow, int maxQueuedStanzas, int maxQueuedBytes, Duration keepalive, Duration writeTimeout,
                Duration maxResume) {

    /** The stream management default: resumption for up to 300 s. */
    public Settings(String address, int port, boolean directTls, boolean starttlsRequired, boolean plaintextOnLoopback,
            int maxStanzaBytes, Duration authTimeout, int maxAuthFailures, int maxConnections, int maxUnauthenticatedPerIp,
            int maxFailedLoginsPerIp, Duration failedLoginsWindow, int maxQueuedStanzas, int maxQueuedBytes, Duration keepalive, Duration writeTimeout) {
        this(address, port, directTls, starttlsRequired, plaintextOnLoopback, maxStanzaBytes, authTimeout, maxAuthFailures, maxConnections,
                maxUnauthenticatedPerIp, maxFailedLoginsPerIp, failedLoginsWindow, maxQueuedStanzas, maxQueuedBytes, keepalive, writeTimeout,
                Duration.ofSeconds(300));
    }

    /** The same with another longest XEP-0198 resumption time. */
    Settings withMaxResume(Duration maxResume) {
        return new Settings(address, port, directTls, starttlsRequired, plaintextOnLoopback, maxStanzaBytes, authTimeout, maxAuthFailures,
                maxConnections, maxUnauthenticatedPerIp, maxFailedLoginsPerIp, failedLoginsWindow, maxQueuedStanzas, maxQueuedBytes, keepalive,
                writeTimeout, maxResume);
    }

    public static Settings of(ListenerConfig c) {
        return new Settings(c.address(), c.port(), ListenerConfig.DIRECT_TLS.equals(c.tls()), c.starttls_required(),
                c.plaintext_on_loopback(), c.max_stanza_bytes(), Duration.ofSeconds(c.auth_timeout_s()), c.max_auth_failures(),
                c.max_connections(), c.max_unauthenticated_per_ip(), c.max_failed_logins_per_ip(),
                Duration.ofSeconds(c.failed_logins_window_s()), c.max_queued_stanzas(), c.max_queued_bytes(),
                Duration.ofSeconds(c.keepalive_s()), Duration.ofSeconds(c.write_timeout_s()),
                Duration.ofSeconds(c.sm_max_resume_s()));
    }

    String describe() {
        return (directTls ? "direct TLS" : "STARTTLS" + (starttlsRequired ? " required" : " optional")) + " on " + address + ":" + port;
    }
}
