package xmpp.mod.pep.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/**
 * XEP-0163 in a cluster: a notification that another node's PEP module sent to each available
 * resource of an account reaches a session here only if it wants the node by its caps (+notify)
 * or subscribed to it. First among the receive hooks, so that nothing else sees an event that is
 * not delivered.
 */
@Component(property = {StanzaHook.POINT + "=" + StanzaHook.USER_RECEIVE_PACKET, "service.ranking:Integer=2000"})
public final class RemoteEvents implements StanzaHook {

    private final PepEvents events;

    @Activate
    public RemoteEvents(@Reference PepEvents events) {
        this.events = events;
    }

    @Override
    public Element process(Jid from, Jid session, Element stanza) {
        if (!stanza.name().equals("message") || from.localpart().isEmpty() || from.isFull()) return stanza;   // PEP events come from an account
        String node = stanza.child("event", PubSub.EVENT_NS).flatMap(Element::firstElement).map(change -> change.attr("node")).orElse("");
        return node.isEmpty() || events.reaches(session, from, node) ? stanza : null;
    }
}
