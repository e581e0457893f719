package xmpp.mod.mam.internal;

import xmpp.core.xml.Element;

/** Which messages a user's archive keeps (XEP-0313 section 7; XEP-0334 hints). */
final class Eligibility {

    static final String HINTS = "urn:xmpp:hints";
    private static final String CARBONS = "urn:xmpp:carbons:2";

    private Eligibility() {
    }

    /**
     * Messages of type normal or chat with a body (or a {@code <store/>} hint), unless a hint
     * says not to keep them; carbon copies and archive results are copies of messages that are
     * archived already.
     */
    static boolean archivable(Element message) {
        if (!message.name().equals("message")) return false;
        String type = message.attr("type");
        if (!type.isEmpty() && !type.equals("normal") && !type.equals("chat")) return false;
        if (message.child("no-store", HINTS).isPresent() || message.child("no-permanent-store", HINTS).isPresent()) return false;
        if (message.child("sent", CARBONS).isPresent() || message.child("received", CARBONS).isPresent()) return false;
        if (message.child("result", MamNamespaces.MAM).isPresent()) return false;
        return message.child("body").isPresent() || message.child("store", HINTS).isPresent();
    }
}
