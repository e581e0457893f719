package xmpp.mod.mam.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/**
 * A message a user sends goes into her own archive, with the recipient as {@code with}. Runs
 * after blocking (ranking 1000), so a refused message is not archived.
 */
@Component(property = {StanzaHook.POINT + "=" + StanzaHook.USER_SEND_PACKET, "service.ranking:Integer=100"})
public final class SentArchiving implements StanzaHook {

    private final Archiver archiver;

    @Activate
    public SentArchiving(@Reference Archiver archiver) {
        this.archiver = archiver;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (!stanza.name().equals("message")) return stanza;
        // Ids only the archives may set: the sender's own, and the recipient's if she is local.
        Element message = Archiver.withoutForgedIds(Archiver.withoutForgedIds(stanza, from), to);
        // To her own account the message is archived once, as she receives it.
        if (Eligibility.archivable(message) && !to.bare().equals(from.bare())) archiver.archive(from, to, message);
        return message;   // the stamp is for the sender's archive: the recipient's server stamps its own
    }
}
