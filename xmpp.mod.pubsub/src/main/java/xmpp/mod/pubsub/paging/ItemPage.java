package xmpp.mod.pubsub.paging;

import java.util.List;
import java.util.Optional;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.PubSubItem;
import xmpp.core.xml.Element;

/**
 * One page of a node's items, newest first, as XEP-0059 asks for it: forwards after an item
 * (section 2.2), backwards before one or from the end (sections 2.3, 2.4), or from an index
 * (section 2.5); the items from {@code start} up to, not including, {@code end}. The pubsub
 * service and personal eventing page alike: this package is copied into each bundle
 * ({@code -conditionalpackage}), not exported.
 */
public record ItemPage(int start, int end) {

    public static final String RSM_NS = "http://jabber.org/protocol/rsm";

    /**
     * How many items a page holds: the request's {@code max_items} (XEP-0060 section 6.5.7), the
     * set's {@code <max/>}, and {@code ceiling}, the fewest of them.
     */
    public static int limit(Element items, Optional<Element> set, int ceiling) throws StanzaException {
        int limit = number(items.attr("max_items"), ceiling);
        if (set.isPresent()) limit = Math.min(limit, number(set.get().child("max").map(Element::text).orElse(""), ceiling));
        return limit;
    }

    /** The page of {@code all} that {@code set} asks for, at most {@code limit} items; without a set, the first. */
    public static ItemPage of(List<PubSubItem> all, int limit, Optional<Element> set) throws StanzaException {
        if (set.isEmpty()) return from(0, limit, all.size());
        Optional<Element> before = set.get().child("before");
        if (before.isPresent()) {
            int end = before.get().text().isEmpty() ? all.size() : position(all, before.get().text());
            return new ItemPage(Math.max(0, end - limit), end);
        }
        String after = set.get().child("after").map(Element::text).orElse("");
        if (!after.isEmpty()) return from(position(all, after) + 1, limit, all.size());
        Optional<Element> index = set.get().child("index");
        if (index.isPresent()) return from(number(index.get().text(), Integer.MAX_VALUE), limit, all.size());
        return from(0, limit, all.size());
    }

    public List<PubSubItem> of(List<PubSubItem> all) {
        return all.subList(start, end);
    }

    /** The reply's {@code <set/>}: the page's first item with its index, its last, and how many the node has. */
    public Element resultSet(List<PubSubItem> all) {
        Element.Builder set = Element.builder("set").xmlns(RSM_NS);
        if (end > start) set.child(Element.builder("first").attr("index", Integer.toString(start)).text(all.get(start).id()).build())
                .child(Element.builder("last").text(all.get(end - 1).id()).build());
        return set.child(Element.builder("count").text(Integer.toString(all.size())).build()).build();
    }

    private static ItemPage from(int start, int limit, int size) {
        int first = Math.min(start, size);
        return new ItemPage(first, (int) Math.min((long) first + limit, size));
    }

    private static int position(List<PubSubItem> all, String id) throws StanzaException {
        for (int i = 0; i < all.size(); i++) if (all.get(i).id().equals(id)) return i;
        throw new StanzaException(Condition.ITEM_NOT_FOUND, "no item " + id + " to page from");
    }

    /** A count the request gives, at most {@code ceiling}; {@code ceiling} when it gives none. */
    private static int number(String value, int ceiling) throws StanzaException {
        if (value.isEmpty()) return ceiling;
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) return Math.min(n, ceiling);
        } catch (NumberFormatException e) {
            // refused below, as any other bad number
        }
        throw new StanzaException(Condition.BAD_REQUEST, "expected a number, not '" + value + "'");
    }
}
