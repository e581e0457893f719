package xmpp.mod.mam.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/**
 * A message a user receives goes into her archive, with the sender as {@code with}, and is
 * delivered with its stanza id: at delivery to a session, or, when she has none, before offline
 * storage keeps it. Offline messages delivered later already carry the id and are not archived
 * again. Runs after blocking (ranking 1000) and before carbons (0), so the copies carry the id.
 *
 * <p>A message to the account reaches each of her sessions of highest priority, and this hook
 * runs once per session with the same stanza: the last one stamped on this thread is
 * remembered, so the message is archived once and every session gets the same id.
 */
@Component(property = {StanzaHook.POINT + "=" + StanzaHook.USER_RECEIVE_PACKET, StanzaHook.POINT + "=" + StanzaHook.OFFLINE_MESSAGE,
        "service.ranking:Integer=100"})
public final class ReceivedArchiving implements StanzaHook {

    private record Stamped(Element original, Element stamped) {
    }

    private final Archiver archiver;
    private final ThreadLocal<Stamped> lastStamped = new ThreadLocal<>();

    @Activate
    public ReceivedArchiving(@Reference Archiver archiver) {
        this.archiver = archiver;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (!Eligibility.archivable(stanza) || Archiver.archivedFor(to, stanza)) return stanza;
        Stamped last = lastStamped.get();
        if (last != null && last.original() == stanza) return last.stamped();   // identity: the same delivery, to another session
        Element stamped = archiver.archive(to, from, stanza);
        lastStamped.set(new Stamped(stanza, stamped));
        return stamped;
    }
}
