package xmpp.mod.pep.internal;

import xmpp.core.jid.Jid;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/** XEP-0060's namespaces, and its errors: a stanza error with an application condition. */
final class PubSub {

    static final String NS = "http://jabber.org/protocol/pubsub";
    static final String OWNER_NS = NS + "#owner";
    static final String EVENT_NS = NS + "#event";
    static final String ERRORS_NS = NS + "#errors";
    static final String NOTIFY = "+notify";

    private PubSub() {
    }

    /** Thrown by the request handlers: the reply carries {@code condition} and, if not empty, {@code <appCondition xmlns='pubsub#errors'/>}. */
    static final class Failure extends Exception {
        final StanzaError.Condition condition;
        final String appCondition;

        Failure(StanzaError.Condition condition, String appCondition, String text) {
            super(text);
            this.condition = condition;
            this.appCondition = appCondition;
        }

        /**
         * The error reply, without the request in it (RFC 6120 section 8.3.1 leaves that open): Smack
         * with assertions on stops reading at a payload it has no provider for, as Prosody and
         * ejabberd never send it one.
         */
        Element replyTo(Iq request) {
            Element error = StanzaError.of(condition, getMessage()).toElement();
            if (!appCondition.isEmpty()) error = error.withChild(Element.of(appCondition, ERRORS_NS));
            return request.resultReply().withAttr("type", "error").withChild(error);
        }
    }

    /** The {@code node} attribute of a request's action, which XEP-0060 requires of every action on an account. */
    static String nodeName(Element action) throws Failure {
        String node = action.attr("node");
        if (node.isEmpty()) throw failure(StanzaError.Condition.BAD_REQUEST, "nodeid-required", "name the node");
        return node;
    }

    /** The node, or {@code item-not-found}. */
    static PubSubNode existing(PubSubStore store, Jid service, String node) throws Failure, StorageException {
        return store.node(service, node).orElseThrow(() -> failure(StanzaError.Condition.ITEM_NOT_FOUND, "no node " + node));
    }

    static Failure failure(StanzaError.Condition condition, String appCondition, String text) {
        return new Failure(condition, appCondition, text);
    }

    static Failure failure(StanzaError.Condition condition, String text) {
        return new Failure(condition, "", text);
    }
}
