package xmpp.mod.blocking.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.route.StanzaHook;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.Stanzas;
import xmpp.core.xml.Element;

/**
 * XEP-0191 section 3.4, the receiving side: nothing from a JID the user blocks reaches her,
 * online or offline; a message or an IQ request is answered {@code service-unavailable}, as if
 * she were not there, and the rest is dropped. Also keeps the presence of a user from the
 * contacts she blocks, which the presence module broadcasts without asking (only her
 * unavailable presence passes: it is what blocking tells them).
 *
 * <p>Runs before any other module at each point, so that the offline store keeps nothing
 * blocked and the presence module answers no probe of a blocked contact.
 */
@Component(property = {
        StanzaHook.POINT + "=" + StanzaHook.USER_RECEIVE_PACKET,
        StanzaHook.POINT + "=" + StanzaHook.OFFLINE_MESSAGE,
        StanzaHook.POINT + "=" + StanzaHook.INBOUND_PRESENCE,
        "service.ranking:Integer=1000"})
public final class InboundBlocking implements StanzaHook {

    private final BlockLists lists;
    private final Router router;
    private final Hosts hosts;

    @Activate
    public InboundBlocking(@Reference BlockLists lists, @Reference Router router, @Reference Hosts hosts) {
        this.lists = lists;
        this.router = router;
        this.hosts = hosts;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (to.localpart().isEmpty() || from.bare().equals(to.bare())) return stanza;
        String type = stanza.attr("type");
        if (lists.blocks(to.bare(), from)) {
            boolean answered = stanza.name().equals("message") ? !type.equals("error") && !type.equals("groupchat")
                    : stanza.name().equals("iq") && (type.equals("get") || type.equals("set"));
            if (answered) {
                Element error = Stanzas.errorReply(stanza, Condition.SERVICE_UNAVAILABLE);
                router.route(Jid.parse(error.attr("from")).orElse(to), from, error);
            }
            return null;
        }
        boolean fromAUserHere = !from.localpart().isEmpty() && hosts.isServed(from.domainpart());
        if (stanza.name().equals("presence") && !type.equals("unavailable") && fromAUserHere && lists.blocks(from.bare(), to))
            return null;
        return stanza;
    }
}
