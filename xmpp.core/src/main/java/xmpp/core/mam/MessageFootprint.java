package xmpp.core.mam;

import xmpp.core.storage.ArchivedMessage;
import xmpp.core.xml.Attribute;
import xmpp.core.xml.Element;
import xmpp.core.xml.Node;
import xmpp.core.xml.Text;

/**
 * The heap a queued archived message holds, estimated from its tree: object headers and
 * references at 64-bit sizes, strings at one byte a character (most are Latin-1). Strings the
 * parser shares (names, namespaces) are counted for every element, so the estimate errs high:
 * a queue bounded by it stays within its cap.
 */
final class MessageFootprint {

    private static final int ENTRY = 160;     // the queue's entry, the ArchivedMessage, its JIDs and stamp
    private static final int ELEMENT = 96;    // the element with its attribute and child lists
    private static final int NODE = 48;       // an attribute or a text: the record and its string(s)

    private MessageFootprint() {
    }

    static long of(ArchivedMessage message) {
        return ENTRY + of(message.message());
    }

    private static long of(Element e) {
        long bytes = ELEMENT + e.name().length() + e.namespace().length();
        for (Attribute a : e.attributes()) bytes += NODE + a.name().length() + a.value().length();
        for (Node child : e.children())
            bytes += switch (child) {
                case Element inner -> of(inner);
                case Text text -> NODE + text.value().length();
            };
        return bytes;
    }
}
