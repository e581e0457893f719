package xmpp.core.route;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * Local users' sessions (seed section 3.3). A client listener binds each authenticated
 * session here, reports its presence, and hands over what the client sends; the session
 * manager delivers stanzas for local users per RFC 6121 section 8.5.
 */
@ProviderType
public interface SessionManager {

    /**
     * Binds {@code session} under its full JID. A session already bound under that JID, here
     * or on another node, is replaced: it is closed with a {@code conflict} stream error
     * (RFC 6120 section 7.7.2.2).
     */
    void bind(LocalSession session);

    /** Removes {@code session}; nothing happens if it is not bound (any more). */
    void unbind(LocalSession session);

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
    void presence(LocalSession session, Element presence);

    /** The last broadcast presence of an available session bound here; empty if it is unavailable or unknown. */
    Optional<Element> presenceOf(Jid fullJid);

    /**
     * What the client of {@code session} sent, with {@code from} already stamped by the
     * listener: runs the {@link StanzaHook#USER_SEND_PACKET} hooks, then routes it.
     */
    void send(LocalSession session, Jid to, Element stanza);

    /** The session bound here under {@code fullJid}. */
    Optional<LocalSession> session(Jid fullJid);

    /** The sessions of an account bound on this node. */
    List<LocalSession> sessionsOf(Jid bareJid);

    /**
     * Whether the account exists (RFC 6121 section 8.5.1), as the host's authenticator says;
     * true when there is none or it cannot tell, so that a failing authenticator loses nothing.
     */
    boolean accountExists(Jid account);

    /** Every session bound on this node. */
    Collection<LocalSession> sessions();
}
