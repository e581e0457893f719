package xmpp.mod.carbons.internal;

import java.util.Set;
import xmpp.core.xml.Element;

/** XEP-0280 sections 6 and 7: which messages are copied. */
final class Eligibility {

    private static final String HINTS = "urn:xmpp:hints";
    private static final String MUC_USER = "http://jabber.org/protocol/muc#user";

    // Payloads of one-to-one chat that come without a body (section 6): chat states, receipts, markers.
    private static final Set<String> CHAT_PAYLOADS = Set.of("http://jabber.org/protocol/chatstates", "urn:xmpp:receipts",
            "urn:xmpp:chat-markers:0");

    private Eligibility() {
    }

    /** A message the user sent, copied to her other resources. */
    static boolean sent(Element message) {
        return message.name().equals("message") && isChat(message) && !excluded(message);
    }

    /**
     * A message the user receives, copied to her other resources; a private message from a chat
     * room is not (section 6: the other resources are not in the room).
     */
    static boolean received(Element message) {
        return sent(message) && message.child("x", MUC_USER).isEmpty();
    }

    private static boolean isChat(Element message) {
        return switch (message.attr("type")) {
            case "chat" -> true;
            case "", "normal" -> message.child("body").isPresent()
                    || message.elements().stream().anyMatch(e -> CHAT_PAYLOADS.contains(e.namespace()));
            default -> false;   // groupchat, headline; an error cannot be traced to the message it answers
        };
    }

    /** Section 7: the sender asked for no copies; and a copy is never copied again. */
    private static boolean excluded(Element message) {
        return message.child("private", CarbonsEnabled.NS).isPresent() || message.child("no-copy", HINTS).isPresent()
                || message.child("sent", CarbonsEnabled.NS).isPresent() || message.child("received", CarbonsEnabled.NS).isPresent();
    }
}
