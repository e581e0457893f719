package xmpp.core.route;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.xml.Element;

/**
 * Told of local sessions' presence and end, as ejabberd's {@code user_available_hook},
 * {@code unset_presence_hook} and {@code sm_remove_connection_hook}: a whiteboard service.
 * Calls come on the thread of the session concerned, after the session manager has recorded
 * the change and delivered the presence to the account's own resources. A listener that throws
 * is logged and skipped.
 */
@ConsumerType
public interface SessionListener {

    /**
     * The session sent available broadcast presence.
     *
     * @param presence what it sent, {@code from} its full JID, without {@code to}
     * @param previous the session's broadcast presence before this one: empty marks its initial
     *        presence (RFC 6121 section 4.2), otherwise this is an update (section 4.4)
     */
    default void available(Session session, Element presence, Optional<Element> previous) {
    }

    /**
     * The session became unavailable (RFC 6121 section 4.5): it said so, or it ended while
     * available and the session manager said so for it.
     *
     * @param presence the unavailable presence, {@code from} its full JID, without {@code to}
     */
    default void unavailable(Session session, Element presence) {
    }

    /** The session is unbound, or was replaced by a new login with the same resource; called once per bound session. */
    default void closed(Session session) {
    }
}
