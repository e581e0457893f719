package xmpp.mod.pubsub.internal;

import java.util.ArrayList;
import java.util.List;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.xml.Element;
import xmpp.core.xml.Node;

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

    Element replyTo(Iq request) {
        Element reply = request.errorReply(StanzaError.of(condition, getMessage()));
        if (pubsubCondition.isEmpty()) return reply;
        List<Node> children = new ArrayList<>();
        for (Node n : reply.children())
            children.add(n instanceof Element e && e.name().equals("error") ? e.withChild(Element.of(pubsubCondition, ERRORS_NS)) : n);
        return reply.withChildren(children);
    }
}
