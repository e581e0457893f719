package xmpp.mod.push.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;

/**
 * A message delivered to sessions of which none is {@link Session#reachable() reachable} (bound,
 * but detached awaiting XEP-0198 resumption, or inactive by XEP-0352): the app servers are told,
 * once per message. PushModuleIT shows it for a session detached by a lost connection.
 */
@Component(property = {StanzaHook.POINT + "=" + StanzaHook.USER_RECEIVE_PACKET, "service.ranking:Integer=50"})
public final class UnreachablePush implements StanzaHook {

    private final Notifier notifier;
    private final Sessions sessions;
    // A message to the account passes here once per session: the last one notified on this thread is not notified again.
    private final ThreadLocal<Element> lastNotified = new ThreadLocal<>();

    @Activate
    public UnreachablePush(@Reference Notifier notifier, @Reference Sessions sessions) {
        this.notifier = notifier;
        this.sessions = sessions;
    }

    @Override
    public Element process(Jid from, Jid session, Element stanza) {
        if (!Notifier.worthAPush(stanza) || lastNotified.get() == stanza) return stanza;
        if (sessions.sessionsOf(session.bare()).stream().anyMatch(Session::reachable)) return stanza;
        lastNotified.set(stanza);
        notifier.notify(session.bare(), from, stanza);
        return stanza;
    }
}
