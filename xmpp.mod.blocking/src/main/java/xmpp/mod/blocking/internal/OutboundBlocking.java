package xmpp.mod.blocking.internal;

import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Sessions;
import xmpp.core.route.StanzaHook;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.Stanzas;
import xmpp.core.xml.Element;
import xmpp.core.xml.Node;

/**
 * XEP-0191 section 3.5, the sending side: a stanza the user sends to a JID she blocks is not
 * routed; she gets {@code not-acceptable} with {@code <blocked xmlns='urn:xmpp:blocking:errors'/>}.
 * Her answers (results, errors) are dropped without a word, and her unavailable presence passes.
 */
@Component(property = {StanzaHook.POINT + "=" + StanzaHook.USER_SEND_PACKET, "service.ranking:Integer=1000"})
public final class OutboundBlocking implements StanzaHook {

    static final String ERRORS_NS = "urn:xmpp:blocking:errors";

    private final BlockLists lists;
    private final Sessions sessions;

    @Activate
    public OutboundBlocking(@Reference BlockLists lists, @Reference Sessions sessions) {
        this.lists = lists;
        this.sessions = sessions;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (from.bare().equals(to.bare()) || !lists.blocks(from.bare(), to)) return stanza;
        String type = stanza.attr("type");
        if (type.equals("error") || type.equals("result")) return null;
        if (stanza.name().equals("presence") && type.equals("unavailable")) return stanza;
        sessions.session(from).ifPresent(s -> s.deliver(blockedError(stanza)));
        return null;
    }

    static Element blockedError(Element stanza) {
        Element reply = Stanzas.errorReply(stanza, new StanzaError(StanzaError.Type.CANCEL, Condition.NOT_ACCEPTABLE, ""));
        List<Node> children = new ArrayList<>(reply.children());
        Element error = (Element) children.removeLast();
        children.add(error.withChild(Element.of("blocked", ERRORS_NS)));
        return reply.withChildren(children);
    }
}
