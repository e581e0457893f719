package xmpp.core.xml;

import java.util.Objects;

/** Character data, the seed's {@code {xmlcdata, CData}}. {@code value} is unescaped. */
public record Text(String value) implements Node {

    public Text {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public void writeTo(XmlOutput out) {
        out.escaped(value);
    }

    @Override
    public String toString() {
        return Xml.escape(value);
    }
}
