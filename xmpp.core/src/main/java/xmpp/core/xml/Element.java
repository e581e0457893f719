package xmpp.core.xml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable XML element: the seed's {@code {xmlelement, Name, Attrs, Children}}.
 *
 * <p>Namespaces follow the seed: {@code xmlns} is an ordinary attribute, present where an
 * element's namespace differs from its parent's, so {@link #namespace()} is the namespace
 * this element declares and an element without {@code xmlns} inherits its parent's. The
 * parser in {@code xmpp.core.stream} produces exactly this form, whatever prefixes the
 * sender used.
 *
 * <p>Lookups never return {@code null}: an absent attribute reads as {@code ""} (the seed's
 * {@code _s} functions) or as an empty {@link Optional}.
 *
 * <table>
 * <caption>The seed's module {@code xml} and where each function lives</caption>
 * <tr><th>seed</th><th>here</th></tr>
 * <tr><td>{@code element_to_string(El)}</td><td>{@link #toXml()}</td></tr>
 * <tr><td>{@code crypt(S)}</td><td>{@link Xml#escape(String)}</td></tr>
 * <tr><td>{@code remove_cdata(L)}</td><td>{@link Xml#elementsOf(List)}, {@link #elements()}</td></tr>
 * <tr><td>{@code get_path_s(El, Path)}</td><td>{@link #path(PathStep...)}</td></tr>
 * <tr><td>{@code get_cdata(L)}</td><td>{@link Xml#textOf(List)}</td></tr>
 * <tr><td>{@code get_tag_cdata(El)}</td><td>{@link #text()}</td></tr>
 * <tr><td>{@code get_attr(Name, Attrs)}</td><td>{@link Xml#findAttr(List, String)}</td></tr>
 * <tr><td>{@code get_attr_s(Name, Attrs)}</td><td>{@link Xml#attrOrEmpty(List, String)}</td></tr>
 * <tr><td>{@code get_tag_attr(Name, El)}</td><td>{@link #findAttr(String)}</td></tr>
 * <tr><td>{@code get_tag_attr_s(Name, El)}</td><td>{@link #attr(String)}</td></tr>
 * <tr><td>{@code get_subtag(El, Name)}</td><td>{@link #child(String)}</td></tr>
 * </table>
 */
public final class Element implements Node {

    private static final String[] NO_ATTRS = {};
    private static final Node[] NO_CHILDREN = {};

    private final String name;
    private final String[] attrs;   // name0, value0, name1, value1, ...: two words less per attribute than records
    private final Node[] children;
    private int hash;               // 0 = not computed yet; racy but idempotent, as String's

    private Element(String name, String[] attrs, Node[] children) {
        this.name = name;
        this.attrs = attrs;
        this.children = children;
    }

    /** An element with no attributes and no children. */
    public static Element of(String name) {
        return new Element(checkName(name), NO_ATTRS, NO_CHILDREN);
    }

    /** An element in namespace {@code xmlns}, e.g. {@code Element.of("ping", "urn:xmpp:ping")}. */
    public static Element of(String name, String xmlns) {
        return new Element(checkName(name), new String[] {"xmlns", Objects.requireNonNull(xmlns, "xmlns")}, NO_CHILDREN);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder that starts as a copy of this element. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        for (int i = 0; i < attrs.length; i += 2) b.attr(attrs[i], attrs[i + 1]);
        b.children.addAll(Arrays.asList(children));
        return b;
    }

    public String name() {
        return name;
    }

    /** The namespace this element declares with {@code xmlns}, or {@code ""}. */
    public String namespace() {
        return attr("xmlns");
    }

    /** The attributes in document order. */
    public List<Attribute> attributes() {
        List<Attribute> list = new ArrayList<>(attrs.length / 2);
        for (int i = 0; i < attrs.length; i += 2) list.add(new Attribute(attrs[i], attrs[i + 1]));
        return List.copyOf(list);
    }

    /** The value of attribute {@code name}, or {@code ""} when absent (seed: {@code get_tag_attr_s}). */
    public String attr(String name) {
        int i = indexOf(name);
        return i < 0 ? "" : attrs[i + 1];
    }

    /** The value of attribute {@code name}, if present (seed: {@code get_tag_attr}). */
    public Optional<String> findAttr(String name) {
        int i = indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(attrs[i + 1]);
    }

    public boolean hasAttr(String name) {
        return indexOf(name) >= 0;
    }

    /** The children in document order, elements and text mixed. */
    public List<Node> children() {
        return List.of(children);
    }

    /** The child elements, without text (seed: {@code remove_cdata} of the children). */
    public List<Element> elements() {
        return Xml.elementsOf(children());
    }

    /** The first child element called {@code name} (seed: {@code get_subtag}). */
    public Optional<Element> child(String name) {
        for (Node n : children) if (n instanceof Element e && e.name.equals(name)) return Optional.of(e);
        return Optional.empty();
    }

    /** The first child element called {@code name} that declares namespace {@code xmlns}. */
    public Optional<Element> child(String name, String xmlns) {
        for (Node n : children)
            if (n instanceof Element e && e.name.equals(name) && e.namespace().equals(xmlns)) return Optional.of(e);
        return Optional.empty();
    }

    /** The first child element, whatever its name: the payload of an IQ. */
    public Optional<Element> firstElement() {
        for (Node n : children) if (n instanceof Element e) return Optional.of(e);
        return Optional.empty();
    }

    /** The concatenated text of the direct children (seed: {@code get_tag_cdata}). */
    public String text() {
        return Xml.textOf(children());
    }

    /**
     * Follows {@code steps} from this element, with the seed's {@code get_path_s} semantics:
     * no steps gives this element; {@link PathStep#elem} goes to the first child of that name;
     * {@link PathStep#attr} and {@link PathStep#cdata} end the path with a {@link Text}. A
     * missing element or attribute gives the empty text, as the seed's empty string.
     *
     * @throws IllegalArgumentException if an attr or cdata step is not the last step
     *         (the seed has no clause for it either)
     */
    public Node path(PathStep... steps) {
        Element at = this;
        for (int i = 0; i < steps.length; i++) {
            boolean last = i == steps.length - 1;
            switch (steps[i]) {
                case PathStep.Child c -> {
                    Optional<Element> next = at.child(c.name());
                    if (next.isEmpty()) return new Text("");
                    at = next.get();
                }
                case PathStep.Attr a -> {
                    requireLast(last, a);
                    return new Text(at.attr(a.name()));
                }
                case PathStep.Cdata c -> {
                    requireLast(last, c);
                    return new Text(at.text());
                }
            }
        }
        return at;
    }

    private static void requireLast(boolean last, PathStep step) {
        if (!last) throw new IllegalArgumentException(step + " must be the last step of a path");
    }

    /** A copy with attribute {@code name} set to {@code value}, replacing it in place if present. */
    public Element withAttr(String name, String value) {
        Objects.requireNonNull(value, "value");
        int i = indexOf(name);
        String[] copy;
        if (i >= 0) {
            if (attrs[i + 1].equals(value)) return this;
            copy = attrs.clone();
        } else {
            copy = Arrays.copyOf(attrs, attrs.length + 2);
            i = attrs.length;
            copy[i] = checkName(name);
        }
        copy[i + 1] = value;
        return new Element(this.name, copy, children);
    }

    /** A copy without attribute {@code name}. */
    public Element withoutAttr(String name) {
        int i = indexOf(name);
        if (i < 0) return this;
        String[] copy = new String[attrs.length - 2];
        System.arraycopy(attrs, 0, copy, 0, i);
        System.arraycopy(attrs, i + 2, copy, i, attrs.length - i - 2);
        return new Element(this.name, copy, children);
    }

    /** A copy with {@code children} in place of this element's children. */
    public Element withChildren(List<? extends Node> children) {
        return new Element(name, attrs, checkChildren(children.toArray(Node[]::new)));
    }

    /** A copy with {@code child} appended to the children. */
    public Element withChild(Node child) {
        Node[] copy = Arrays.copyOf(children, children.length + 1);
        copy[children.length] = Objects.requireNonNull(child, "child");
        return new Element(name, attrs, copy);
    }

    /** The element as an XML string (seed: {@code element_to_string}). */
    public String toXml() {
        XmlOutput out = new XmlOutput();
        writeTo(out);
        return out.toString();
    }

    @Override
    public void writeTo(XmlOutput out) {
        out.startTag(name, attrs, children.length == 0);
        if (children.length == 0) return;
        for (Node child : children) child.writeTo(out);
        out.endTag(name);
    }

    /** Same as {@link #toXml()}. */
    @Override
    public String toString() {
        return toXml();
    }

    /**
     * Equal when names, children (in order) and attributes are equal; attribute order does not
     * count, as in the XML infoset.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Element other) || !name.equals(other.name) || attrs.length != other.attrs.length
                || hashCode() != other.hashCode() || !Arrays.equals(children, other.children)) return false;
        for (int i = 0; i < attrs.length; i += 2) {
            int j = other.indexOf(attrs[i]);
            if (j < 0 || !attrs[i + 1].equals(other.attrs[j + 1])) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            int attrHash = 0;
            for (int i = 0; i < attrs.length; i += 2) attrHash += attrs[i].hashCode() ^ attrs[i + 1].hashCode();
            h = 31 * (31 * name.hashCode() + attrHash) + Arrays.hashCode(children);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    private int indexOf(String name) {
        for (int i = 0; i < attrs.length; i += 2) if (attrs[i].equals(name)) return i;
        return -1;
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) throw new IllegalArgumentException("element name is empty");
        return name;
    }

    private static Node[] checkChildren(Node[] children) {
        for (Node n : children) Objects.requireNonNull(n, "child");
        return children.length == 0 ? NO_CHILDREN : children;
    }

    /** Builds an element; not thread-safe, and each {@link #build()} takes a snapshot. */
    public static final class Builder {
        private final String name;
        private final List<String> attrs = new ArrayList<>();
        private final List<Node> children = new ArrayList<>();

        private Builder(String name) {
            this.name = checkName(name);
        }

        /** Sets an attribute; setting one again replaces its value in place. */
        public Builder attr(String name, String value) {
            Objects.requireNonNull(value, "value");
            for (int i = 0; i < attrs.size(); i += 2) {
                if (attrs.get(i).equals(name)) {
                    attrs.set(i + 1, value);
                    return this;
                }
            }
            attrs.add(checkName(name));
            attrs.add(value);
            return this;
        }

        /** Sets {@code xmlns}. */
        public Builder xmlns(String namespace) {
            return attr("xmlns", namespace);
        }

        public Builder child(Node child) {
            children.add(Objects.requireNonNull(child, "child"));
            return this;
        }

        /** Appends text, merged with text appended just before so there are no adjacent texts. */
        public Builder text(String text) {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) return this;
            int last = children.size() - 1;
            if (last >= 0 && children.get(last) instanceof Text t) children.set(last, new Text(t.value() + text));
            else children.add(new Text(text));
            return this;
        }

        public Element build() {
            return new Element(name,
                    attrs.isEmpty() ? NO_ATTRS : attrs.toArray(String[]::new),
                    children.isEmpty() ? NO_CHILDREN : children.toArray(Node[]::new));
        }
    }
}
