package xmpp.core.spi.stream;

import java.util.Map;
import java.util.Objects;

/**
 * The opening {@code <stream:stream>} tag of a stream.
 *
 * @param attributes its attributes in document order, {@code xml:lang} included,
 *        namespace declarations not
 * @param contentNamespace the default namespace its stanzas are in, e.g. {@code jabber:client}
 * @param streamPrefix the prefix the sender bound to the streams namespace, usually {@code stream}
 */
public record StreamHeader(Map<String, String> attributes, String contentNamespace, String streamPrefix) {

    public StreamHeader {
        attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
        Objects.requireNonNull(contentNamespace, "contentNamespace");
        Objects.requireNonNull(streamPrefix, "streamPrefix");
    }

    /** An attribute's value, or {@code ""}. */
    public String attr(String name) {
        return attributes.getOrDefault(name, "");
    }

    public String to() { return attr("to"); }

    public String from() { return attr("from"); }

    public String id() { return attr("id"); }

    public String version() { return attr("version"); }

    public String lang() { return attr("xml:lang"); }
}
