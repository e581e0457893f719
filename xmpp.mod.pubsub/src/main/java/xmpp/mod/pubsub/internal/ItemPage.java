package xmpp.mod.pubsub.internal;

import java.util.List;
import java.util.Optional;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.storage.PubSubItem;
import xmpp.core.xml.Element;

/**
 * One page of a node's items, newest first, as XEP-0059 asks for it: forwards after an item
 * (section 2.2), backwards before one or from the end (sections 2.3, 2.4), or from an index
 * (section 2.5); the items from {@code start} up to, not including, {@code end}.
 */
record ItemPage(int start, int end) {

    static final String RSM_NS = "http://jabber.org/protocol/rsm";

    /** The page of {@code all} that {@code set} asks for, at most {@code limit} items; without a set, the first. */
    static ItemPage of(List<PubSubItem> all, int limit, Optional<Element> set) throws Refusal {
        if (set.isEmpty()) return from(0, limit, all.size());
        Optional<Element> before = set.get().child("before");
        if (before.isPresent()) {
            int end = before.get().text().isEmpty() ? all.size() : position(all, before.get().text());
            return new ItemPage(Math.max(0, end - limit), end);
        }
        String after = set.get().child("after").map(Element::text).orElse("");
        if (!after.isEmpty()) return from(position(all, after) + 1, limit, all.size());
        Optional<Element> index = set.get().child("index");
        if (index.isPresent()) return from(ServiceRequests.positive(index.get().text(), Integer.MAX_VALUE), limit, all.size());
        return from(0, limit, all.size());
    }

    List<PubSubItem> of(List<PubSubItem> all) {
        return all.subList(start, end);
    }

    /** The reply's {@code <set/>}: the page's first item with its index, its last, and how many the node has. */
    Element resultSet(List<PubSubItem> all) {
        Element.Builder set = Element.builder("set").xmlns(RSM_NS);
        if (end > start) set.child(Element.builder("first").attr("index", Integer.toString(start)).text(all.get(start).id()).build())
                .child(Element.builder("last").text(all.get(end - 1).id()).build());
        return set.child(Element.builder("count").text(Integer.toString(all.size())).build()).build();
    }

    private static ItemPage from(int start, int limit, int size) {
        int first = Math.min(start, size);
        return new ItemPage(first, (int) Math.min((long) first + limit, size));
    }

    private static int position(List<PubSubItem> all, String id) throws Refusal {
        for (int i = 0; i < all.size(); i++) if (all.get(i).id().equals(id)) return i;
        throw new Refusal(Condition.ITEM_NOT_FOUND, "no item " + id + " to page from");
    }
}
