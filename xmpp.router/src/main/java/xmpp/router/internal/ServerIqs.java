package xmpp.router.internal;

import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.xml.Element;

/** IQ requests the server answers itself, for the server's JID (scope local) or an account's (scope sm). */
final class ServerIqs {

    private final IqDispatcher iqs;
    private final Router router;
    private final Bouncer bouncer;

    ServerIqs(IqDispatcher iqs, Router router) {
        this.iqs = iqs;
        this.router = router;
        this.bouncer = new Bouncer(router);
    }

    /** Checks the get or set, hands it to the handler of its namespace in {@code scope}, or answers it with an error. */
    void handle(String scope, Jid from, Jid to, Element stanza) {
        Iq iq;
        try {
            iq = Iq.of(stanza);
        } catch (StanzaException e) {
            bouncer.bounce(from, to, stanza, e.error().condition(), e.error().text());
            return;
        }
        boolean handled = iqs.dispatch(scope, to.domainpart(), iq, reply -> router.route(to, from, reply));
        if (!handled) bouncer.bounce(from, to, stanza, Condition.SERVICE_UNAVAILABLE, "no handler for " + iq.namespace());
    }

    static boolean isRequest(Element iq) {
        String type = iq.attr("type");
        return type.equals("get") || type.equals("set");
    }
}
