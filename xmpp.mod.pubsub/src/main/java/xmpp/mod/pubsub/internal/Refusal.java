package xmpp.mod.pubsub.internal;

import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.xml.Element;

/** A request the service refuses: a stanza error, with XEP-0060's own condition when it names one. */
final class Refusal extends Exception {

    static final String ERRORS_NS = "http://jabber.org/protocol/pubsub#errors";

    private final StanzaError.Condition condition;
    private final String pubsubCondition;

    Refusal(StanzaError.Condition condition, String pubsubCondition, String text) {
        super(text);
        this.condition = condition;
        this.pubsubCondition = pubsubCondition;
    }

    Refusal(StanzaError.Condition condition, String text) {
        this(condition, "", text);
    }

    StanzaError.Condition condition() {
        return condition;
    }

    /**
     * The error reply, without the request in it (RFC 6120 section 8.3.1 leaves that open): Smack
     * with assertions on stops reading at a payload it has no provider for, as Prosody and
     * ejabberd never send it one.
     */
    Element replyTo(Iq request) {
        Element error = StanzaError.of(condition, getMessage()).toElement();
        if (!pubsubCondition.isEmpty()) error = error.withChild(Element.of(pubsubCondition, ERRORS_NS));
        return request.resultReply().withAttr("type", "error").withChild(error);
    }
}
