package xmpp.c2s.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import xmpp.core.xml.Element;

/**
 * XEP-0352: while the client says it is inactive (a phone in a pocket), what it need not see at
 * once waits: presence updates, only the newest per sender, and chat-state notifications
 * (XEP-0085) without a body. Anything else (a message with a body, an IQ, a subscription
 * request) first lets what waits go, in order, then goes itself; so does {@code <active/>}. What
 * waits is bounded: at the bound it all goes, as if the client were active.
 */
final class ClientStateFilter {

    static final String NS = "urn:xmpp:csi:0";
    static final String CHAT_STATES_NS = "http://jabber.org/protocol/chatstates";

    private final int maxHeld;
    private boolean inactive;
    // Presence by sender, chat states by themselves; re-inserting a sender's presence moves it to the end.
    private Map<Object, Element> held;

    ClientStateFilter(int maxHeld) {
        this.maxHeld = maxHeld;
    }

    synchronized boolean inactive() {
        return inactive;
    }

    synchronized void becomeInactive() {
        inactive = true;
    }

    /** The client is active again: what waited, in order. */
    synchronized List<Element> becomeActive() {
        inactive = false;
        return release();
    }

    /** What waited, in order, now forgotten: for a session that ends, to route it elsewhere. */
    synchronized List<Element> takeHeld() {
        return release();
    }

    /** What goes to the client now, in order: nothing if {@code stanza} waits, else what waited and then {@code stanza}. */
    synchronized List<Element> pass(Element stanza) {
        if (!inactive) return List.of(stanza);
        Object key = holdKey(stanza);
        if (key == null) {
            List<Element> now = release();
            now.add(stanza);
            return now;
        }
        if (held == null) held = new LinkedHashMap<>();
        held.remove(key);
        held.put(key, stanza);
        return held.size() > maxHeld ? release() : List.of();
    }

    /** The key under which {@code stanza} may wait, or null if it goes now. */
    private static Object holdKey(Element stanza) {
        if (stanza.name().equals("presence")) {
            String type = stanza.attr("type");
            return type.isEmpty() || type.equals("unavailable") ? "presence " + stanza.attr("from") : null;
        }
        if (stanza.name().equals("message") && stanza.child("body").isEmpty()
                && stanza.elements().stream().anyMatch(e -> e.namespace().equals(CHAT_STATES_NS)))
            return new Object();   // each one waits, none replaces another: a client may show "composing, paused" in turn
        return null;
    }

    private List<Element> release() {
        List<Element> now = held == null ? new ArrayList<>() : new ArrayList<>(held.values());
        held = null;
        return now;
    }
}
