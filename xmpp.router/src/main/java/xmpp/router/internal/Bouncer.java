package xmpp.router.internal;

import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.Stanzas;
import xmpp.core.xml.Element;

/** Answers undeliverable stanzas with an error to their sender, and never answers an error. */
final class Bouncer {

    private static final System.Logger log = System.getLogger(Bouncer.class.getName());

    private final Router router;

    Bouncer(Router router) {
        this.router = router;
    }

    /** Sends {@code stanza}, which went from {@code from} to {@code to}, back as an error. */
    void bounce(Jid from, Jid to, Element stanza, StanzaError.Condition condition, String text) {
        if (Stanzas.isError(stanza)) {
            // RFC 6120 section 8.3.1: an error is never answered with an error, or two entities loop.
            log.log(System.Logger.Level.DEBUG, "dropped undeliverable error stanza from {0} to {1}", from, to);
            return;
        }
        Element reply = Stanzas.errorReply(stanza, StanzaError.of(condition, text))
                .withAttr("from", to.toString()).withAttr("to", from.toString());
        router.route(to, from, reply);
    }
}
