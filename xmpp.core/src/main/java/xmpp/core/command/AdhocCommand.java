package xmpp.core.command;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * One ad-hoc command (XEP-0050) at the server's address: a whiteboard service with the service
 * properties {@link #NODE} and {@link #NAME}. The ad-hoc commands module shows it to the
 * entities {@link #allowed} says, and calls {@link #execute} once per stage: first without a
 * form, then with each form the requester submits, until a step says it is completed.
 */
@ConsumerType
public interface AdhocCommand {

    /** Service property: the command's node, e.g. {@code http://jabber.org/protocol/admin#add-user}. */
    String NODE = "xmpp.command.node";

    /** Service property: the name shown to people, e.g. {@code Add a User}. */
    String NAME = "xmpp.command.name";

    /** Whether {@code requester} (a full JID) may see and run this command at {@code host}. */
    boolean allowed(Jid requester, String host);

    /**
     * Runs one stage for {@code requester} at {@code host}.
     *
     * @param submitted empty at the first stage; then the {@code jabber:x:data} form of type
     *        {@code submit} the requester sent
     * @return the form to fill in next, or the end
     * @throws xmpp.core.stanza.StanzaException for an error reply, e.g. {@code bad-request} for a form
     *         that misses a field; anything else is answered {@code internal-server-error}
     */
    CommandStep execute(Jid requester, String host, Optional<Element> submitted) throws Exception;
}
