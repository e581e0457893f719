package xmpp.mod.disco.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import xmpp.core.xml.Element;

/** XEP-0157 contact addresses, as the XEP-0128 extended info form of the server's disco#info. */
final class ContactAddresses {

    static final String FORM_TYPE = "http://jabber.org/network/serverinfo";

    /** Address kinds, e.g. {@code abuse}, and their URIs ({@code mailto:}, {@code xmpp:}, {@code https:}), in order. */
    private final Map<String, List<String>> byKind;

    ContactAddresses(Map<String, List<String>> byKind) {
        this.byKind = new LinkedHashMap<>(byKind);
        this.byKind.values().removeIf(List::isEmpty);
    }

    /** The form, or nothing when no address is configured. */
    Optional<Element> form() {
        if (byKind.isEmpty()) return Optional.empty();
        Element.Builder x = Element.builder("x").xmlns("jabber:x:data").attr("type", "result")
                .child(field("FORM_TYPE", List.of(FORM_TYPE)).withAttr("type", "hidden"));
        // list-multi, as the serverinfo fields are registered: a client may otherwise read a
        // field without type as text-single and refuse several values (Smack drops the stream)
        byKind.forEach((kind, uris) -> x.child(field(kind + "-addresses", uris).withAttr("type", "list-multi")));
        return Optional.of(x.build());
    }

    private static Element field(String var, List<String> values) {
        Element.Builder f = Element.builder("field").attr("var", var);
        for (String v : values) f.child(Element.builder("value").text(v).build());
        return f.build();
    }
}
