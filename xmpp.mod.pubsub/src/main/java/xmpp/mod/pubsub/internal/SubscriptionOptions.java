package xmpp.mod.pubsub.internal;

import java.util.Map;
import xmpp.core.xml.Element;

/**
 * The options of a subscription (XEP-0060 section 6.3, the fields this service supports), kept
 * in the store as a submitted form.
 */
record SubscriptionOptions(boolean deliver) {

    static final String SUBSCRIBE_OPTIONS = "http://jabber.org/protocol/pubsub#subscribe_options";
    static final String DELIVER = "pubsub#deliver";
    static final SubscriptionOptions DEFAULT = new SubscriptionOptions(true);

    /** These options with the submitted form's fields applied. */
    SubscriptionOptions with(Element form) throws NodeOptions.Invalid {
        boolean deliver = this.deliver;
        for (Map.Entry<String, String> f : NodeOptions.fields(form).entrySet()) {
            switch (f.getKey()) {
                case "FORM_TYPE" -> { }
                case DELIVER -> deliver = NodeOptions.bool(f.getKey(), f.getValue());
                default -> throw new NodeOptions.Invalid("the service does not support the subscription option " + f.getKey());
            }
        }
        return new SubscriptionOptions(deliver);
    }

    Element toForm(String type) {
        return Element.builder("x").xmlns(NodeOptions.DATA_NS).attr("type", type)
                .child(NodeOptions.field("FORM_TYPE", "hidden", SUBSCRIBE_OPTIONS))
                .child(NodeOptions.field(DELIVER, "boolean", deliver ? "1" : "0"))
                .build();
    }

    /** Options the service stored itself. */
    static SubscriptionOptions stored(Element form) {
        try {
            return DEFAULT.with(form);
        } catch (NodeOptions.Invalid e) {
            throw new IllegalStateException("stored subscription options are unreadable: " + e.getMessage(), e);
        }
    }
}
