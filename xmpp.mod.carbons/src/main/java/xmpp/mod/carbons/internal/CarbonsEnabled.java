package xmpp.mod.carbons.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.route.Sessions;
import xmpp.core.xml.Element;

/**
 * The sessions that enabled carbons (XEP-0280 section 4), for as long as they last, and the
 * delivery of copies to them. A session that closes is forgotten: carbons are per session.
 */
@Component(service = {CarbonsEnabled.class, SessionListener.class})
public final class CarbonsEnabled implements SessionListener {

    static final String NS = "urn:xmpp:carbons:2";
    static final String FORWARD_NS = "urn:xmpp:forward:0";

    private final Sessions sessions;
    private final Router router;
    private final Set<Jid> enabled = ConcurrentHashMap.newKeySet();

    @Activate
    public CarbonsEnabled(@Reference Sessions sessions, @Reference Router router) {
        this.sessions = sessions;
        this.router = router;
    }

    void enable(Jid session) {
        enabled.add(session);
    }

    void disable(Jid session) {
        enabled.remove(session);
    }

    /**
     * Wraps {@code message} as {@code <sent/>} or {@code <received/>} and delivers it to each
     * carbons-enabled session of {@code account} that {@code skip} does not exclude. In a cluster,
     * each available resource on another node is sent one too, routed: which sessions enabled
     * carbons is known only on their own node, where {@link RemoteCopies} lets it through to those.
     */
    void copy(Jid account, String direction, Element message, Predicate<Jid> skip) {
        // Loops rather than streams: this runs twice for every chat message, and mostly finds nobody.
        List<Session> here = new ArrayList<>(0);
        for (Session s : sessions.sessionsOf(account)) if (enabled.contains(s.jid()) && !skip.test(s.jid())) here.add(s);
        List<Jid> elsewhere = new ArrayList<>(0);
        for (Jid jid : sessions.presencesOf(account).keySet()) if (sessions.session(jid).isEmpty() && !skip.test(jid)) elsewhere.add(jid);
        if (here.isEmpty() && elsewhere.isEmpty()) return;
        Element wrapped = Element.builder(direction).xmlns(NS)
                .child(Element.builder("forwarded").xmlns(FORWARD_NS).child(message.withAttr("xmlns", "jabber:client")).build())
                .build();
        for (Session s : here) s.deliver(copyTo(account, s.jid(), message, wrapped));
        for (Jid jid : elsewhere) router.route(account, jid, copyTo(account, jid, message, wrapped));
    }

    private static Element copyTo(Jid account, Jid to, Element message, Element wrapped) {
        Element.Builder copy = Element.builder("message").attr("from", account.toString()).attr("to", to.toString());
        message.findAttr("type").ifPresent(type -> copy.attr("type", type));
        return copy.child(wrapped).build();
    }

    /** Whether the session bound here under {@code session} enabled carbons. */
    boolean enabled(Jid session) {
        return enabled.contains(session);
    }

    @Override
    public void closed(Session session) {
        enabled.remove(session.jid());
    }
}
