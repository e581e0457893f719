package xmpp.core.spi.route;

import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.route.Sessions;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/**
 * SPI: local users' sessions (seed section 3.3) as the server's client listeners see them. A
 * listener binds each authenticated session here, reports its presence, and hands over what
 * the client sends; the session manager delivers stanzas for local users per RFC 6121 section
 * 8.5. Modules look sessions up through {@link Sessions}, the same service.
 */
@ProviderType
public interface SessionManager extends Sessions {

    /**
     * Binds {@code session} under its full JID. A session already bound under that JID, here
     * or on another node, is replaced: it is closed with a {@code conflict} stream error
     * (RFC 6120 section 7.7.2.2).
     */
    void bind(Session session);

    /** Removes {@code session}; nothing happens if it is not bound (any more). */
    void unbind(Session session);

    /**
     * The session's broadcast presence (RFC 6121 sections 4.2, 4.4 and 4.5): a {@code <presence/>}
     * without {@code to}, of type available or unavailable, with {@code from} stamped with the
     * session's full JID. Records whether the session is available and with which priority
     * (which decides where messages to the bare JID go), runs the
     * {@link StanzaHook#USER_SEND_PACKET} hooks, delivers it to the account's available
     * resources, then tells the {@link SessionListener}s, which take it to contacts.
     *
     * <p>The session manager sends the unavailable presence itself when an available session
     * is unbound or replaced without having sent one (RFC 6121 section 4.5.2).
     */
    void presence(Session session, Element presence);

    /**
     * What the client of {@code session} sent, with {@code from} already stamped by the
     * listener: runs the {@link StanzaHook#USER_SEND_PACKET} hooks, then routes it.
     */
    void send(Session session, Jid to, Element stanza);

    /**
     * A stanza another node delivered through {@link NodeLink#deliver} for the session of full
     * JID {@code session}: it runs the {@link StanzaHook#USER_RECEIVE_PACKET} hooks and reaches
     * the session if it is bound here. If it is not (it left meanwhile), the stanza follows the
     * rules for a full JID that is not bound (RFC 6121 section 8.5.3.2).
     *
     * @since 1.2
     */
    void deliverForwarded(Jid from, Jid session, Element stanza);

    /**
     * A session of a node that left the cluster (it stopped, died or was cut off): its entry is
     * removed from the {@link SessionTable} unless another node holds that JID by now, and if it
     * was available its account's resources and the {@link SessionListener}s are told it went
     * unavailable, as for a connection lost here. Every node that sees the node leave may call
     * it: only the call that removes the entry announces it.
     *
     * @since 1.2
     */
    void departed(SessionEntry entry);

    /**
     * The session bound here under {@code session} was bound anew on another node, which told this
     * one through {@link NodeLink#replaced}: RFC 6120 section 7.7.2.2, the newer login wins
     * cluster-wide as on one node. The older session ends with {@code conflict}, announced
     * unavailable if it was available; the {@link SessionTable} already names the newer one's
     * node, and keeps it.
     *
     * @since 1.4
     */
    void replacedElsewhere(Jid session);

    /**
     * Writes this node's sessions, with their last presence, into the {@link SessionTable} again,
     * and announces the presence of the available ones again, to their accounts' resources and to
     * the {@link SessionListener}s (as a presence update, which takes it to contacts): for when
     * the other nodes removed them and announced them unavailable, as the two sides of a split
     * cluster do to each other before it heals.
     *
     * @since 1.4
     */
    void republish();
}
