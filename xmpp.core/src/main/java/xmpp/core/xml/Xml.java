package xmpp.core.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The seed's functions of module {@code xml} that work on lists rather than on one element.
 * The rest are methods of {@link Element}; its javadoc maps every seed function.
 */
public final class Xml {

    private Xml() {
    }

    /**
     * {@code s} with the XML special characters {@code & < > " '} replaced by entity
     * references (seed: {@code crypt}).
     */
    public static String escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || c < 0x20 || c >= 0xD800) {
                return new XmlOutput(s.length() + 16).escaped(s).toString();
            }
        }
        return s;    // the common case: nothing to escape, no copy
    }

    /** The elements of {@code nodes}, without the text (seed: {@code remove_cdata}). */
    public static List<Element> elementsOf(List<? extends Node> nodes) {
        List<Element> elements = new ArrayList<>(nodes.size());
        for (Node n : nodes) if (n instanceof Element e) elements.add(e);
        return List.copyOf(elements);
    }

    /** The concatenated text of {@code nodes}, ignoring elements (seed: {@code get_cdata}). */
    public static String textOf(List<? extends Node> nodes) {
        String single = null;
        StringBuilder sb = null;
        for (Node n : nodes) {
            if (!(n instanceof Text t)) continue;
            if (single == null) {
                single = t.value();
            } else {
                if (sb == null) sb = new StringBuilder(single);
                sb.append(t.value());
            }
        }
        return sb != null ? sb.toString() : single != null ? single : "";
    }

    /** The value of attribute {@code name} in {@code attrs}, if there (seed: {@code get_attr}). */
    public static Optional<String> findAttr(List<Attribute> attrs, String name) {
        for (Attribute a : attrs) if (a.name().equals(name)) return Optional.of(a.value());
        return Optional.empty();
    }

    /** The value of attribute {@code name} in {@code attrs}, or {@code ""} (seed: {@code get_attr_s}). */
    public static String attrOrEmpty(List<Attribute> attrs, String name) {
        return findAttr(attrs, name).orElse("");
    }
}
