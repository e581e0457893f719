package xmpp.core.stream;

import java.util.Objects;
import xmpp.core.xml.Element;
import xmpp.core.xml.XmlOutput;

/**
 * A stream error (RFC 6120 section 4.9): the condition and an optional human-readable text.
 * It ends the stream it is sent on.
 */
public record StreamError(Condition condition, String text) {

    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-streams";

    /** Every defined condition of RFC 6120 section 4.9.3. */
    public enum Condition {
        BAD_FORMAT, BAD_NAMESPACE_PREFIX, CONFLICT, CONNECTION_TIMEOUT, HOST_GONE, HOST_UNKNOWN,
        IMPROPER_ADDRESSING, INTERNAL_SERVER_ERROR, INVALID_FROM, INVALID_NAMESPACE, INVALID_XML,
        NOT_AUTHORIZED, NOT_WELL_FORMED, POLICY_VIOLATION, REMOTE_CONNECTION_FAILED, RESET,
        RESOURCE_CONSTRAINT, RESTRICTED_XML, SEE_OTHER_HOST, SYSTEM_SHUTDOWN, UNDEFINED_CONDITION,
        UNSUPPORTED_ENCODING, UNSUPPORTED_FEATURE, UNSUPPORTED_STANZA_TYPE, UNSUPPORTED_VERSION;

        private final String elementName = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

        /** The condition's element name, e.g. {@code not-well-formed}. */
        public String elementName() {
            return elementName;
        }

        /** The condition named {@code elementName}, or {@link #UNDEFINED_CONDITION}. */
        public static Condition fromElementName(String elementName) {
            for (Condition c : values()) if (c.elementName.equals(elementName)) return c;
            return UNDEFINED_CONDITION;
        }
    }

    public StreamError {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(text, "text");
    }

    public static StreamError of(Condition condition) {
        return new StreamError(condition, "");
    }

    public static StreamError of(Condition condition, String text) {
        return new StreamError(condition, text);
    }

    /** Reads a received {@code <stream:error/>}. */
    public static StreamError from(Element error) {
        Condition condition = Condition.UNDEFINED_CONDITION;
        String text = "";
        for (Element child : error.elements()) {
            if (!child.namespace().equals(NAMESPACE)) continue;
            if (child.name().equals("text")) text = child.text();
            else condition = Condition.fromElementName(child.name());
        }
        return new StreamError(condition, text);
    }

    /** The error as an element in the streams namespace, as the stream parser yields it. */
    public Element toElement() {
        Element.Builder b = Element.builder("error").xmlns(Streams.STREAMS_NS)
                .child(Element.of(condition.elementName(), NAMESPACE));
        if (!text.isEmpty())
            b.child(Element.builder("text").xmlns(NAMESPACE).attr("xml:lang", "en").text(text).build());
        return b.build();
    }

    /** The error as it goes on the wire, with the {@code stream:} prefix of the stream header. */
    public String toXml() {
        XmlOutput out = new XmlOutput().raw("<stream:error>");
        for (Element child : toElement().elements()) out.element(child);
        return out.raw("</stream:error>").toString();
    }
}
