package xmpp.mod.carbons.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/** XEP-0280 section 5.2: what one resource sends, its other carbons-enabled resources see as {@code <sent/>}. */
@Component(property = StanzaHook.POINT + "=" + StanzaHook.USER_SEND_PACKET)
public final class SentCopies implements StanzaHook {

    private final CarbonsEnabled carbons;

    @Activate
    public SentCopies(@Reference CarbonsEnabled carbons) {
        this.carbons = carbons;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        // To her own account her resources get the message itself.
        if (Eligibility.sent(stanza) && !to.bare().equals(from.bare())) carbons.copy(from.bare(), "sent", stanza, from::equals);
        return stanza;
    }
}
