package xmpp.mod.roster.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.RosterItem;
import xmpp.core.xml.Element;

/** The {@code jabber:iq:roster} payload (RFC 6121 section 2.1): items to XML, and a roster set's item read and checked. */
final class RosterXml {

    static final String NS = "jabber:iq:roster";

    /** What a roster set asks for: an item to add or update, or a contact to remove. */
    record Request(Jid contact, boolean remove, String name, Set<String> groups) {
    }

    private RosterXml() {
    }

    /** A {@code <query/>} of {@code <item/>} elements, with {@code ver} unless it is null. */
    static Element query(List<Element> items, String version) {
        Element.Builder query = Element.builder("query").xmlns(NS);
        if (version != null) query.attr("ver", version);
        for (Element item : items) query.child(item);
        return query.build();
    }

    static Element item(RosterItem item) {
        Element.Builder e = Element.builder("item").attr("jid", item.contact().toString());
        if (!item.name().isEmpty()) e.attr("name", item.name());
        e.attr("subscription", item.subscription().attributeValue());
        if (item.pendingOut()) e.attr("ask", "subscribe");
        if (item.approved()) e.attr("approved", "true");
        for (String group : item.groups().stream().sorted().toList()) e.child(Element.builder("group").text(group).build());
        return e.build();
    }

    static Element removed(Jid contact) {
        return Element.builder("item").attr("jid", contact.toString()).attr("subscription", "remove").build();
    }

    /**
     * The one item of a roster set (RFC 6121 sections 2.3.3, 2.4.3, 2.5.3), or the error the
     * RFC names for it. The {@code subscription} attribute counts only as {@code remove};
     * {@code ask} and {@code approved} are the server's to set, and ignored.
     */
    static Request request(Element query, Jid owner, int maxTextLength) throws StanzaException {
        List<Element> items = query.elements().stream().filter(e -> e.name().equals("item")).toList();
        if (items.size() != 1)
            throw bad(Condition.BAD_REQUEST, "a roster set carries exactly one <item/>, not " + items.size());
        Element item = items.get(0);
        Optional<Jid> parsed = Jid.parse(item.attr("jid"));
        if (parsed.isEmpty()) throw bad(Condition.BAD_REQUEST, "'" + item.attr("jid") + "' is not a JID");
        Jid contact = parsed.get();
        if (contact.isFull()) throw bad(Condition.BAD_REQUEST, "a roster item is a bare JID, not " + contact);
        if (contact.equals(owner.bare())) throw bad(Condition.NOT_ALLOWED, "your own JID cannot be in your roster");
        if (item.attr("subscription").equals("remove")) return new Request(contact, true, "", Set.of());
        String name = item.attr("name");
        if (name.length() > maxTextLength)
            throw bad(Condition.NOT_ACCEPTABLE, "the name is longer than " + maxTextLength + " characters");
        Set<String> groups = new LinkedHashSet<>();
        for (Element g : item.elements()) {
            if (!g.name().equals("group")) continue;
            String group = g.text();
            if (group.isEmpty()) throw bad(Condition.NOT_ACCEPTABLE, "a group has no name");
            if (group.length() > maxTextLength)
                throw bad(Condition.NOT_ACCEPTABLE, "a group name is longer than " + maxTextLength + " characters");
            if (!groups.add(group)) throw bad(Condition.BAD_REQUEST, "group '" + group + "' appears twice");
        }
        return new Request(contact, false, name, groups);
    }

    private static StanzaException bad(Condition condition, String text) {
        return new StanzaException(StanzaError.of(condition, text));
    }
}
