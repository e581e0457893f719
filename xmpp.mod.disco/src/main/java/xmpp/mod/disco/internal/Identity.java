package xmpp.mod.disco.internal;

import xmpp.core.xml.Element;

/** A disco identity (XEP-0030 section 3.1); {@code name} may be empty. */
record Identity(String category, String type, String name) {

    /** What a component gets without an {@code xmpp.disco.identity} of its own: a generic service. */
    static final Identity COMPONENT = new Identity("component", "generic", "");

    /** {@code category/type/name} as {@code xmpp.disco.identity} writes it; the name may be left out. */
    static Identity parse(String value) {
        String[] parts = value.split("/", 3);
        if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank())
            throw new IllegalArgumentException("a disco identity is category/type or category/type/name, not '" + value + "'");
        return new Identity(parts[0].strip(), parts[1].strip(), parts.length == 3 ? parts[2].strip() : "");
    }

    Element toElement() {
        Element.Builder b = Element.builder("identity").attr("category", category).attr("type", type);
        if (!name.isEmpty()) b.attr("name", name);
        return b.build();
    }
}
