package xmpp.mod.vcard.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.xml.Element;
import xmpp.core.xml.Node;

/**
 * XEP-0153: the user's available presence carries the hash of the photo she has stored, so
 * contacts fetch her avatar when it changes, whatever her client wrote; a hash her client wrote
 * without a stored photo is emptied. A client that sends an update element without a photo says
 * it is not ready to advertise one (section 3.2): left as is.
 */
@Component(property = StanzaHook.POINT + "=" + StanzaHook.USER_SEND_PACKET)
public final class AvatarPresence implements StanzaHook {

    static final String UPDATE_NS = "vcard-temp:x:update";

    private final Avatars avatars;

    @Activate
    public AvatarPresence(@Reference Avatars avatars) {
        this.avatars = avatars;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (!stanza.name().equals("presence") || stanza.hasAttr("type")) return stanza;
        Optional<Element> update = stanza.child("x", UPDATE_NS);
        if (update.isPresent() && update.get().child("photo").isEmpty()) return stanza;
        Optional<String> hash = avatars.hashOf(from.bare());
        // Without a photo, a presence that says nothing of avatars is left so: the element adds
        // nothing a contact needs, and every presence of every user would carry it.
        if (hash.isEmpty() || (hash.get().isEmpty() && update.isEmpty())) return stanza;
        Element photo = hash.get().isEmpty() ? Element.of("photo") : Element.builder("photo").text(hash.get()).build();
        List<Node> children = new ArrayList<>(stanza.children());
        update.ifPresent(children::remove);
        children.add(Element.builder("x").xmlns(UPDATE_NS).child(photo).build());
        return stanza.withChildren(children);
    }
}
