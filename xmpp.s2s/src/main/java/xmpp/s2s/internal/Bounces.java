package xmpp.s2s.internal;

import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.Stanzas;
import xmpp.core.xml.Element;

/** Sends undeliverable stanzas back to their senders as errors; an error is never answered (RFC 6120 section 8.3.1). */
final class Bounces {

    private final Router router;

    Bounces(Router router) {
        this.router = router;
    }

    /** Returns whether an error went back: errors, and stanzas without addresses, have nobody to go to. */
    boolean bounce(Element stanza, StanzaError.Condition condition, String text) {
        Optional<Jid> from = Jid.parse(stanza.attr("from"));
        Optional<Jid> to = Jid.parse(stanza.attr("to"));
        if (Stanzas.isError(stanza) || from.isEmpty() || to.isEmpty()) return false;
        router.route(to.get(), from.get(), Stanzas.errorReply(stanza, StanzaError.of(condition, text)));
        return true;
    }
}
