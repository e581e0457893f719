package xmpp.core.xml;

import java.util.Objects;

/**
 * One attribute, the seed's {@code {Key, Val}}. A namespace declaration is an attribute too
 * ({@code xmlns} or {@code xmlns:prefix}), as in the seed, and {@code value} is unescaped.
 */
public record Attribute(String name, String value) {

    public Attribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) throw new IllegalArgumentException("attribute name is empty");
    }
}
