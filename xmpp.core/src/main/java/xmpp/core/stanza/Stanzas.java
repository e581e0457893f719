package xmpp.core.stanza;

import xmpp.core.xml.Element;

/** Replies built from requests. */
public final class Stanzas {

    private Stanzas() {
    }

    /**
     * The error reply to {@code stanza} (RFC 6120 section 8.3.1): same element name and id,
     * {@code from} and {@code to} swapped, {@code type='error'}, the original children kept (as
     * the seed's {@code mod_cputime} returns {@code [SubEl, ?ERR_NOT_ALLOWED]}), then the error.
     *
     * @throws IllegalArgumentException for a stanza of type error: answering an error with an
     *         error is how two entities loop forever (RFC 6120 section 8.3.1)
     */
    public static Element errorReply(Element stanza, StanzaError error) {
        if (isError(stanza)) throw new IllegalArgumentException("never answer an error with an error: " + stanza);
        Element.Builder b = Element.builder(stanza.name());
        copySwapped(stanza, b);
        b.attr("type", "error");
        stanza.elements().forEach(b::child);
        return b.child(error.toElement()).build();
    }

    /** {@link #errorReply(Element, StanzaError)} with the condition's usual type and no text. */
    public static Element errorReply(Element stanza, StanzaError.Condition condition) {
        return errorReply(stanza, StanzaError.of(condition));
    }

    public static boolean isError(Element stanza) {
        return "error".equals(stanza.attr("type"));
    }

    /** Copies id, xml:lang and the addresses swapped: the envelope of a reply. */
    static void copySwapped(Element request, Element.Builder reply) {
        request.findAttr("from").ifPresent(from -> reply.attr("to", from));
        request.findAttr("to").ifPresent(to -> reply.attr("from", to));
        request.findAttr("id").ifPresent(id -> reply.attr("id", id));
        request.findAttr("xmlns").ifPresent(ns -> reply.attr("xmlns", ns));
        request.findAttr("xml:lang").ifPresent(lang -> reply.attr("xml:lang", lang));
    }
}
