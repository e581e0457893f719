package xmpp.mod.push.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/**
 * A message for an account with no available session: its app servers are told before offline
 * storage keeps it (this hook ranks above it, and passes the message on).
 */
@Component(property = {StanzaHook.POINT + "=" + StanzaHook.OFFLINE_MESSAGE, "service.ranking:Integer=50"})
public final class OfflinePush implements StanzaHook {

    private final Notifier notifier;

    @Activate
    public OfflinePush(@Reference Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (Notifier.worthAPush(stanza)) notifier.notify(to.bare(), from, stanza);
        return stanza;
    }
}
