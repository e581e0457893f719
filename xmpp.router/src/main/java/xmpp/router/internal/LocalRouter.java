package xmpp.router.internal;

import xmpp.core.jid.Jid;
import xmpp.core.route.IqHandler;
import xmpp.core.route.Router;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.xml.Element;

/**
 * The local router (seed section 3.2): stanzas for a served domain. A localpart means a user,
 * for the session manager; otherwise the stanza is for the server itself and is handled by
 * its content: IQs go to the handlers of scope {@code local}.
 */
final class LocalRouter {

    private static final System.Logger log = System.getLogger(LocalRouter.class.getName());

    private final LocalSessions sessions;
    private final ServerIqs serverIqs;
    private final Bouncer bouncer;

    LocalRouter(LocalSessions sessions, ServerIqs serverIqs, Router router) {
        this.sessions = sessions;
        this.serverIqs = serverIqs;
        this.bouncer = new Bouncer(router);
    }

    void route(Jid from, Jid to, Element stanza) {
        if (!to.localpart().isEmpty()) {
            sessions.route(from, to, stanza);
            return;
        }
        switch (stanza.name()) {
            case "iq" -> routeIq(from, to, stanza);
            // No module handles messages to the server itself: say so, unless no answer is expected.
            case "message" -> {
                if (!stanza.attr("type").equals("headline"))
                    bouncer.bounce(from, to, stanza, Condition.SERVICE_UNAVAILABLE, "this server takes no messages at " + to);
            }
            // Directed presence to the server (RFC 6121 section 4.6) needs no answer; a probe of
            // the server's own presence has none to give.
            case "presence" -> log.log(System.Logger.Level.DEBUG, "presence from {0} to the server {1}", from, to);
            default -> log.log(System.Logger.Level.WARNING, "dropped <{0}/> from {1} to {2}: not a stanza", stanza.name(), from, to);
        }
    }

    private void routeIq(Jid from, Jid to, Element stanza) {
        if (!ServerIqs.isRequest(stanza)) {
            log.log(System.Logger.Level.DEBUG, "dropped iq of type ''{0}'' to the server from {1}: nobody asked", stanza.attr("type"), from);
        } else if (to.isFull()) {   // domain/resource: the server has no resources
            bouncer.bounce(from, to, stanza, Condition.SERVICE_UNAVAILABLE, "no such resource");
        } else {
            serverIqs.handle(IqHandler.SCOPE_LOCAL, from, to, stanza);
        }
    }
}
