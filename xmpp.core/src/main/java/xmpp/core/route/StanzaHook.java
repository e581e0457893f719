package xmpp.core.route;

import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * Sees stanzas at one point of their way, as ejabberd's hooks do, and may pass, change or
 * stop them. Register it with service property {@link #POINT}; hooks at one point run in
 * {@code service.ranking} order, highest first, each getting what the one before returned.
 *
 * <p>A hook that throws is logged and skipped: the stanza goes on as it was.
 */
@ConsumerType
public interface StanzaHook {

    /** Service property: where the hook runs, one of the values below. */
    String POINT = "xmpp.hook";

    /**
     * A stanza a local user's session sent, before it is routed (ejabberd: {@code user_send_packet}).
     * Broadcast presence passes once, with {@code to} the user's bare JID; what the hooks return
     * is what the account's resources and contacts get and what probes are answered with.
     */
    String USER_SEND_PACKET = "user_send_packet";

    /**
     * A stanza about to be delivered to a local session (ejabberd: {@code user_receive_packet}),
     * once per session: {@code to} is that session's full JID, also when the stanza is addressed
     * to the account.
     */
    String USER_RECEIVE_PACKET = "user_receive_packet";

    /**
     * A presence stanza for a local account, before the session manager delivers it by RFC 6121
     * section 8.5: where a presence module answers probes (section 4.3) and a roster module
     * applies subscription requests and answers (section 3) on the user's behalf. A hook that
     * has handled the stanza returns {@code null}; without such a hook, probes are dropped and
     * subscription stanzas go to the account's available resources.
     */
    String INBOUND_PRESENCE = "inbound_presence";

    /**
     * A message for a local user with no session that can take it (ejabberd:
     * {@code offline_message_hook}). A hook that stores it returns {@code null}; if every hook
     * passes it on, the sender gets {@code service-unavailable}.
     */
    String OFFLINE_MESSAGE = "offline_message";

    /**
     * An IQ result or error for a local account's bare JID: the answer to a request a module sent
     * in the account's name (RFC 6120 section 10.5.3.1 has the server handle what is addressed to
     * the bare JID on the account's behalf), such as an XEP-0357 notification to an app server.
     * A hook that knows the request returns {@code null}; an answer no hook knows is dropped.
     */
    String ACCOUNT_IQ_RESPONSE = "account_iq_response";

    /**
     * @return the stanza to go on with ({@code stanza} itself, or a changed copy), or
     *         {@code null} to stop it here: the hook has taken care of it
     */
    Element process(Jid from, Jid to, Element stanza) throws Exception;
}
