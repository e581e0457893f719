package xmpp.mod.upload.internal;

import java.util.function.Function;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaException;
import xmpp.core.stanza.Stanzas;
import xmpp.core.xml.Element;

/**
 * The XMPP side of XEP-0363 at the service's address: slot requests, and the service's own
 * disco#info with its size limit as XEP-0128 extended information (section 3), which clients
 * read before they offer to send a file.
 */
final class SlotRequests {

    static final String NS = "urn:xmpp:http:upload:0";
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";

    private final Uploads uploads;
    private final Function<Uploads.Slot, String> url;

    /** @param url where a slot's file is PUT and then fetched */
    SlotRequests(Uploads uploads, Function<Uploads.Slot, String> url) {
        this.uploads = uploads;
        this.url = url;
    }

    /** The reply to an IQ get or set sent to the service; {@code from} is the requester, as the router stamped it. */
    Element handle(Jid from, Element stanza) {
        try {
            Iq iq = Iq.of(stanza);
            if (iq.type() != Iq.Type.GET) return iq.errorReply(StanzaError.Condition.BAD_REQUEST);
            return switch (iq.namespace()) {
                case NS -> iq.resultReply(slot(from, iq.payload().orElseThrow()));
                case DISCO_INFO -> iq.resultReply(discoInfo());
                case DISCO_ITEMS -> iq.resultReply(Element.of("query", DISCO_ITEMS));
                default -> iq.errorReply(StanzaError.Condition.SERVICE_UNAVAILABLE);
            };
        } catch (StanzaException e) {
            Element reply = Stanzas.errorReply(stanza, e.error());
            return e.error().condition() == StanzaError.Condition.NOT_ACCEPTABLE ? withFileTooLarge(reply) : reply;
        }
    }

    private Element slot(Jid from, Element request) throws StanzaException {
        if (!request.name().equals("request")) throw new StanzaException(StanzaError.Condition.BAD_REQUEST, "expected <request/>");
        long size;
        try {
            size = Long.parseLong(request.attr("size"));
        } catch (NumberFormatException e) {
            throw new StanzaException(StanzaError.Condition.BAD_REQUEST, "size must be a number of bytes");
        }
        if (request.attr("filename").isBlank()) throw new StanzaException(StanzaError.Condition.BAD_REQUEST, "filename is required");
        Uploads.Slot slot = uploads.requestSlot(from, request.attr("filename"), size, request.attr("content-type"));
        String where = url.apply(slot);
        return Element.builder("slot").xmlns(NS)
                .child(Element.builder("put").attr("url", where)
                        .child(Element.builder("header").attr("name", "Authorization").text(slot.authorization()).build()).build())
                .child(Element.builder("get").attr("url", where).build())
                .build();
    }

    /** {@code not-acceptable} from {@link Uploads#requestSlot} means too large: the XEP's element says by how much (section 5). */
    private Element withFileTooLarge(Element reply) {
        Element tooLarge = Element.builder("file-too-large").xmlns(NS)
                .child(Element.builder("max-file-size").text(Long.toString(uploads.limits().maxFileBytes())).build()).build();
        return reply.withChildren(reply.elements().stream().map(e -> e.name().equals("error") ? e.withChild(tooLarge) : e).toList());
    }

    Element discoInfo() {
        return Element.builder("query").xmlns(DISCO_INFO)
                .child(Element.builder("identity").attr("category", "store").attr("type", "file").attr("name", "HTTP File Upload").build())
                .child(Element.builder("feature").attr("var", NS).build())
                .child(Element.builder("x").xmlns("jabber:x:data").attr("type", "result")
                        .child(field("FORM_TYPE", NS).withAttr("type", "hidden"))
                        .child(field("max-file-size", Long.toString(uploads.limits().maxFileBytes())))
                        .build())
                .build();
    }

    private static Element field(String var, String value) {
        return Element.builder("field").attr("var", var).child(Element.builder("value").text(value).build()).build();
    }
}
