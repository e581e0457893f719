package xmpp.core.storage;

import java.time.Instant;
import java.util.Objects;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * An item published to a node.
 *
 * @param id the item's id, unique in its node
 * @param payload the published element, e.g. {@code <geoloc xmlns='http://jabber.org/protocol/geoloc'/>}
 * @param publisher who published it
 * @param published when it was last published; the newest item is a node's last item
 * @since 1.1
 */
public record PubSubItem(String id, Element payload, Jid publisher, Instant published) {

    public PubSubItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(published, "published");
        if (id.isEmpty()) throw new IllegalArgumentException("an item needs an id");
    }
}
