package xmpp.s2s.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The S2S settings, read once from {@link S2SConfig}. */
record Settings(String address, int port, boolean directTls, boolean tlsRequired, boolean dialbackUntrusted, List<Path> trustAnchors,
                Map<String, PeerAddress> staticRoutes, String dialbackSecret, int maxQueuedStanzas, Duration connectTimeout,
                Duration idleTimeout, int maxStanzaBytes, int maxIncoming) {

    Settings {
        trustAnchors = List.copyOf(trustAnchors);
        staticRoutes = Map.copyOf(staticRoutes);
    }

    static Settings of(S2SConfig c) {
        return new Settings(c.address(), c.port(), S2SConfig.DIRECT_TLS.equals(c.tls()), c.starttls_required(), c.dialback_untrusted(),
                xmpp.core.route.ServiceProperties.strings(c.trust_anchors()).stream().map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList(),
                PeerAddress.staticRoutes(c.static_routes()), c.dialback_secret(), c.max_queued_stanzas(),
                Duration.ofSeconds(c.connect_timeout_s()), Duration.ofSeconds(c.idle_timeout_s()), c.max_stanza_bytes(), c.max_incoming());
    }

    String describe() {
        return (directTls ? "direct TLS" : "STARTTLS" + (tlsRequired ? " required" : " optional")) + " on " + address + ":" + port;
    }
}
