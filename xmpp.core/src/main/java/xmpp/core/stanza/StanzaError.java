package xmpp.core.stanza;

import java.util.Locale;
import java.util.Objects;
import xmpp.core.xml.Element;

/**
 * A stanza error (RFC 6120 section 8.3): type, defined condition, optional text.
 * {@code StanzaError.of(Condition.ITEM_NOT_FOUND)} takes the condition's usual type.
 */
public record StanzaError(Type type, Condition condition, String text) {

    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-stanzas";

    /** RFC 6120 section 8.3.2: what the sender should do about it. */
    public enum Type {
        AUTH, CANCEL, CONTINUE, MODIFY, WAIT;

        public String attributeValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Every defined condition of RFC 6120 section 8.3.3, with the type it usually has. */
    public enum Condition {
        BAD_REQUEST(Type.MODIFY), CONFLICT(Type.CANCEL), FEATURE_NOT_IMPLEMENTED(Type.CANCEL),
        FORBIDDEN(Type.AUTH), GONE(Type.CANCEL), INTERNAL_SERVER_ERROR(Type.CANCEL),
        ITEM_NOT_FOUND(Type.CANCEL), JID_MALFORMED(Type.MODIFY), NOT_ACCEPTABLE(Type.MODIFY),
        NOT_ALLOWED(Type.CANCEL), NOT_AUTHORIZED(Type.AUTH), POLICY_VIOLATION(Type.MODIFY),
        RECIPIENT_UNAVAILABLE(Type.WAIT), REDIRECT(Type.MODIFY), REGISTRATION_REQUIRED(Type.AUTH),
        REMOTE_SERVER_NOT_FOUND(Type.CANCEL), REMOTE_SERVER_TIMEOUT(Type.WAIT),
        RESOURCE_CONSTRAINT(Type.WAIT), SERVICE_UNAVAILABLE(Type.CANCEL),
        SUBSCRIPTION_REQUIRED(Type.AUTH), UNDEFINED_CONDITION(Type.CANCEL), UNEXPECTED_REQUEST(Type.WAIT);

        private final Type defaultType;
        private final String elementName = name().toLowerCase(Locale.ROOT).replace('_', '-');

        Condition(Type defaultType) {
            this.defaultType = defaultType;
        }

        public Type defaultType() {
            return defaultType;
        }

        /** The condition's element name, e.g. {@code service-unavailable}. */
        public String elementName() {
            return elementName;
        }

        /** The condition named {@code elementName}, or {@link #UNDEFINED_CONDITION}. */
        public static Condition fromElementName(String elementName) {
            for (Condition c : values()) if (c.elementName.equals(elementName)) return c;
            return UNDEFINED_CONDITION;
        }
    }

    public StanzaError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(text, "text");
    }

    public static StanzaError of(Condition condition) {
        return new StanzaError(condition.defaultType(), condition, "");
    }

    public static StanzaError of(Condition condition, String text) {
        return new StanzaError(condition.defaultType(), condition, text);
    }

    /** Reads the {@code <error/>} child of a received error stanza. */
    public static StanzaError from(Element error) {
        Type type = Type.CANCEL;
        for (Type t : Type.values()) if (t.attributeValue().equals(error.attr("type"))) type = t;
        Condition condition = Condition.UNDEFINED_CONDITION;
        String text = "";
        for (Element child : error.elements()) {
            if (!child.namespace().equals(NAMESPACE)) continue;
            if (child.name().equals("text")) text = child.text();
            else condition = Condition.fromElementName(child.name());
        }
        return new StanzaError(type, condition, text);
    }

    /** {@code <error type='...'><condition xmlns='...stanzas'/><text>...</text></error>}. */
    public Element toElement() {
        Element.Builder b = Element.builder("error").attr("type", type.attributeValue())
                .child(Element.of(condition.elementName(), NAMESPACE));
        if (!text.isEmpty())
            b.child(Element.builder("text").xmlns(NAMESPACE).attr("xml:lang", "en").text(text).build());
        return b.build();
    }
}
