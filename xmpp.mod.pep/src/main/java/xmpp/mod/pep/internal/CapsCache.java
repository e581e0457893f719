package xmpp.mod.pep.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * What each online resource wants to be notified of (XEP-0163 section 4.3.2): the
 * {@code node+notify} features of its XEP-0115 capabilities. A {@code node#ver} seen before is
 * known at once; one never seen is asked of the resource with disco#info, once. Answers are
 * shared only within an account, since the server does not check a client's hash: a client
 * that lies about its features misleads nobody but its own user.
 */
final class CapsCache {

    static final String CAPS_NS = "http://jabber.org/protocol/caps";
    static final String DISCO_INFO_NS = "http://jabber.org/protocol/disco#info";
    private static final String QUERY_ID_PREFIX = "pep-caps-";
    private static final int KNOWN_LIMIT = 10_000;

    /** What a presence leads to: the nodes a resource now wants that it did not before, or a question to ask it first. */
    sealed interface Update permits Wants, Ask {
    }

    record Wants(Set<String> addedNodes) implements Update {
    }

    record Ask(Element query) implements Update {
    }

    private record Pending(Jid session, String key) {
    }

    private final Map<Jid, Set<String>> features = new ConcurrentHashMap<>();
    /** The caps ({@code bare node#ver}) each resource announced last: an answer about older ones is late. */
    private final Map<Jid, String> announced = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong queries = new AtomicLong();
    private final Map<String, Set<String>> known = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > KNOWN_LIMIT;   // least recently used first: caps of clients nobody runs any more
        }
    };

    /** The session sent available presence. */
    Update available(Jid session, Element presence) {
        Optional<Element> c = presence.child("c", CAPS_NS);
        if (c.isEmpty() || c.get().attr("node").isEmpty() || c.get().attr("ver").isEmpty()) {
            announced.remove(session);
            return new Wants(replace(session, Set.of()));
        }
        String nodeVer = c.get().attr("node") + "#" + c.get().attr("ver");
        String key = session.bare() + " " + nodeVer;
        announced.put(session, key);
        Set<String> cached;
        synchronized (known) {
            cached = known.get(key);
        }
        if (cached != null) return new Wants(replace(session, cached));
        features.putIfAbsent(session, Set.of());   // online, wanting what it wanted before until it answers
        String id = QUERY_ID_PREFIX + queries.incrementAndGet();
        pending.put(id, new Pending(session, key));
        return new Ask(Element.builder("iq").attr("type", "get").attr("id", id).attr("from", session.domainpart()).attr("to", session.toString())
                .child(Element.builder("query").xmlns(DISCO_INFO_NS).attr("node", nodeVer).build()).build());
    }

    /**
     * An IQ a session sent: if it answers one of the questions asked, the nodes the session now
     * wants that it did not before (an error answer means it wants nothing); empty if it is not
     * an answer to this cache.
     */
    Optional<Set<String>> answered(Jid from, Element iq) {
        Pending p = pending.get(iq.attr("id"));
        if (p == null || !p.session.equals(from)) return Optional.empty();
        pending.remove(iq.attr("id"));
        Set<String> answer = new HashSet<>();
        if (iq.attr("type").equals("result"))
            iq.child("query", DISCO_INFO_NS).ifPresent(q -> q.elements().stream().filter(f -> f.name().equals("feature"))
                    .map(f -> f.attr("var")).forEach(answer::add));
        Set<String> resolved = Set.copyOf(answer);
        if (iq.attr("type").equals("result")) {
            synchronized (known) {
                known.put(p.key, resolved);
            }
        }
        // Gone meanwhile, or announced other caps since it was asked (a client that adds and removes
        // a feature quickly): the answer is about caps it no longer has, and changes nothing.
        boolean current = features.containsKey(from) && p.key.equals(announced.get(from));
        return Optional.of(current ? replace(from, resolved) : Set.of());
    }

    /** Whether the online resource wants notifications of {@code node}. */
    boolean wants(Jid session, String node) {
        return features.getOrDefault(session, Set.of()).contains(node + PubSub.NOTIFY);
    }

    /** The session went offline: it wants nothing, and its open question is forgotten. */
    void gone(Jid session) {
        features.remove(session);
        announced.remove(session);
        pending.values().removeIf(p -> p.session.equals(session));
    }

    /** Records the session's features; returns the nodes it newly wants. */
    private Set<String> replace(Jid session, Set<String> now) {
        Set<String> before = features.put(session, now);
        Set<String> added = new HashSet<>();
        for (String f : now)
            if (f.endsWith(PubSub.NOTIFY) && (before == null || !before.contains(f))) added.add(f.substring(0, f.length() - PubSub.NOTIFY.length()));
        return added;
    }
}
