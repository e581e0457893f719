package xmpp.core.spi.metrics;

import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.route.Session;

/** SPI: what carries a client's session ({@code tcp}; later {@code websocket}, {@code bosh}), told by the listener's sessions. */
@ProviderType
public interface SessionTransport {

    String transport();

    /** The transport of {@code session}; {@code other} for a session that does not say. */
    static String of(Session session) {
        return session instanceof SessionTransport t ? t.transport() : "other";
    }
}
