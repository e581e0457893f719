package xmpp.core.stanza;

import java.util.Locale;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/** A view of a {@code <message/>} (RFC 6121 section 5). */
public record Message(Element element, Type type, Optional<Jid> from, Optional<Jid> to) {

    public enum Type {
        NORMAL, CHAT, GROUPCHAT, HEADLINE, ERROR;

        public String attributeValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads {@code element}. A missing or unknown type is {@code normal} (RFC 6121 section
     * 5.2.2).
     *
     * @throws StanzaException with {@code jid-malformed} for an invalid address
     */
    public static Message of(Element element) throws StanzaException {
        if (!element.name().equals("message")) throw new StanzaException(StanzaError.Condition.BAD_REQUEST, "not a message: <" + element.name() + ">");
        Type type = switch (element.attr("type")) {
            case "chat" -> Type.CHAT;
            case "groupchat" -> Type.GROUPCHAT;
            case "headline" -> Type.HEADLINE;
            case "error" -> Type.ERROR;
            default -> Type.NORMAL;
        };
        return new Message(element, type, Addressing.jid(element, "from"), Addressing.jid(element, "to"));
    }

    /** The text of the first {@code <body/>}, or {@code ""}. */
    public String body() {
        return element.child("body").map(Element::text).orElse("");
    }
}
