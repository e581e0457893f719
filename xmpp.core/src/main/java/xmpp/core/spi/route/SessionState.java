package xmpp.core.spi.route;

import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.route.Session;

/**
 * SPI: what a client listener's session tells operators beyond {@link Session#reachable()}: why
 * it cannot take stanzas now. The shell's session list shows it.
 */
@ProviderType
public interface SessionState {

    enum State {
        /** Connected, and the client takes stanzas as they come. */
        ACTIVE,
        /** Connected, but the client said its user is away (XEP-0352): presence and chat states wait. */
        INACTIVE,
        /** The connection was lost; the session waits for the client to resume it (XEP-0198) and keeps what it is sent. */
        DETACHED
    }

    State state();

    /** The state of {@code session}: {@link State#ACTIVE} for a session that does not say. */
    static State of(Session session) {
        return session instanceof SessionState s ? s.state() : State.ACTIVE;
    }
}
