package xmpp.core.stanza;

import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;
import xmpp.core.xml.Element;

/** Reads a stanza's {@code from} and {@code to}, refusing malformed ones with {@code jid-malformed}. */
final class Addressing {

    private Addressing() {
    }

    static Optional<Jid> jid(Element stanza, String attribute) throws StanzaException {
        Optional<String> value = stanza.findAttr(attribute);
        if (value.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Jid.of(value.get()));
        } catch (JidFormatException e) {
            throw new StanzaException(StanzaError.Condition.JID_MALFORMED, "'" + attribute + "': " + e.getMessage());
        }
    }
}
