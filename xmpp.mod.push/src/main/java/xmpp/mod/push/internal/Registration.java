package xmpp.mod.push.internal;

import java.util.List;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.xml.Element;

/**
 * An app server a client enabled (XEP-0357 section 5): its JID and node, the publish-options it
 * wants with each notification (the client's secret, usually), and whether the notification may
 * carry the message's body, which a client asks for with a {@code last-message-body} field of
 * value {@code true} in its form; that field is not passed on.
 */
record Registration(Jid appServer, String node, Optional<Element> publishOptions, boolean includeBody) {

    static final String NS = "urn:xmpp:push:0";
    static final String DATA = "jabber:x:data";
    static final String INCLUDE_BODY_FIELD = "last-message-body";

    /** The client's {@code <enable/>}. */
    static Registration enable(Element enable) throws StanzaException {
        Jid appServer = Jid.parse(enable.attr("jid")).orElseThrow(() ->
                new StanzaException(Condition.BAD_REQUEST, "enable needs the app server's jid"));
        String node = enable.attr("node");
        if (node.isEmpty()) throw new StanzaException(Condition.BAD_REQUEST, "enable needs a node");
        Optional<Element> form = enable.child("x", DATA);
        boolean includeBody = form.map(Registration::asksForBody).orElse(false);
        return new Registration(appServer, node, form.map(Registration::withoutBodyField), includeBody);
    }

    private static boolean asksForBody(Element form) {
        return fields(form).stream().anyMatch(f -> f.attr("var").equals(INCLUDE_BODY_FIELD)
                && f.child("value").map(v -> v.text().strip()).filter(v -> v.equals("true") || v.equals("1")).isPresent());
    }

    private static Element withoutBodyField(Element form) {
        return form.withChildren(form.children().stream()
                .filter(n -> !(n instanceof Element e && e.name().equals("field") && e.attr("var").equals(INCLUDE_BODY_FIELD))).toList());
    }

    private static List<Element> fields(Element form) {
        return form.elements().stream().filter(e -> e.name().equals("field")).toList();
    }

    boolean matches(Jid appServer, String node) {
        return this.appServer.equals(appServer) && (node.isEmpty() || this.node.equals(node));
    }

    /** As kept in storage. */
    Element toXml() {
        Element.Builder b = Element.builder("registration").attr("jid", appServer.toString()).attr("node", node)
                .attr("include-body", Boolean.toString(includeBody));
        publishOptions.ifPresent(b::child);
        return b.build();
    }

    static Optional<Registration> fromXml(Element stored) {
        return Jid.parse(stored.attr("jid")).map(jid -> new Registration(jid, stored.attr("node"), stored.child("x", DATA),
                Boolean.parseBoolean(stored.attr("include-body"))));
    }
}
