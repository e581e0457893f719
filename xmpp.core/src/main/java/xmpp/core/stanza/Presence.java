package xmpp.core.stanza;

import java.util.Locale;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/** A view of a {@code <presence/>} (RFC 6121 sections 3 and 4). */
public record Presence(Element element, Type type, Optional<Jid> from, Optional<Jid> to, int priority) {

    public enum Type {
        /** No type attribute: the sender is available. */
        AVAILABLE, UNAVAILABLE, SUBSCRIBE, SUBSCRIBED, UNSUBSCRIBE, UNSUBSCRIBED, PROBE, ERROR;

        public String attributeValue() {
            return this == AVAILABLE ? "" : name().toLowerCase(Locale.ROOT);
        }

        /** A subscription request or answer (RFC 6121 section 3), as opposed to availability. */
        public boolean isSubscription() {
            return this == SUBSCRIBE || this == SUBSCRIBED || this == UNSUBSCRIBE || this == UNSUBSCRIBED;
        }
    }

    /**
     * Reads {@code element}.
     *
     * @throws StanzaException {@code bad-request} for an unknown type or a priority outside
     *         -128..127 (RFC 6121 section 4.7.2.3), {@code jid-malformed} for an invalid address
     */
    public static Presence of(Element element) throws StanzaException {
        if (!element.name().equals("presence")) throw badRequest("not a presence: <" + element.name() + ">");
        Type type = switch (element.attr("type")) {
            case "" -> Type.AVAILABLE;
            case "unavailable" -> Type.UNAVAILABLE;
            case "subscribe" -> Type.SUBSCRIBE;
            case "subscribed" -> Type.SUBSCRIBED;
            case "unsubscribe" -> Type.UNSUBSCRIBE;
            case "unsubscribed" -> Type.UNSUBSCRIBED;
            case "probe" -> Type.PROBE;
            case "error" -> Type.ERROR;
            default -> throw badRequest("unknown presence type '" + element.attr("type") + "'");
        };
        int priority = 0;
        Optional<Element> p = element.child("priority");
        if (p.isPresent()) {
            try {
                priority = Integer.parseInt(p.get().text().strip());
            } catch (NumberFormatException e) {
                throw badRequest("priority '" + p.get().text() + "' is not an integer");
            }
            if (priority < -128 || priority > 127) throw badRequest("priority " + priority + " is outside -128..127");
        }
        return new Presence(element, type, Addressing.jid(element, "from"), Addressing.jid(element, "to"), priority);
    }

    /** Whether {@code stanza} is a subscription request or answer (RFC 6121 section 3), without reading the rest of it. */
    public static boolean isSubscription(Element stanza) {
        if (!stanza.name().equals("presence")) return false;
        return switch (stanza.attr("type")) {
            case "subscribe", "subscribed", "unsubscribe", "unsubscribed" -> true;
            default -> false;
        };
    }

    /**
     * The priority of a presence already checked where it came in; 0 if it has none, or an
     * invalid one (RFC 6121 section 4.7.2.3: absent means 0).
     */
    public static int priorityOf(Element presence) {
        try {
            return of(presence).priority();
        } catch (StanzaException e) {
            return 0;
        }
    }

    private static StanzaException badRequest(String why) {
        return new StanzaException(StanzaError.Condition.BAD_REQUEST, why);
    }

    /** The {@code <show/>} value (away, chat, dnd, xa), or {@code ""} for plain available. */
    public String show() {
        return element.child("show").map(Element::text).orElse("");
    }
}
