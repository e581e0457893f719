package xmpp.mod.pep.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.storage.PubSubItem;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubAffiliation;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/** In-memory stand-ins for the server's services, so the module's logic runs without a server. */
final class Fakes {

    private Fakes() {
    }

    record Routed(Jid from, Jid to, Element stanza) {
    }

    static final class RecordingRouter implements Router {
        final List<Routed> routed = new CopyOnWriteArrayList<>();

        @Override
        public void route(Jid from, Jid to, Element stanza) {
            routed.add(new Routed(from, to, stanza));
        }

        List<Routed> to(Jid to) {
            return routed.stream().filter(r -> r.to.equals(to)).toList();
        }
    }

    static final class FakeSession implements Session {
        final Jid jid;

        FakeSession(Jid jid) {
            this.jid = jid;
        }

        @Override public Jid jid() { return jid; }
        @Override public void deliver(Element stanza) { }
        @Override public void close(StreamError error) { }
    }

    static final class OnlineSessions implements Sessions {
        final Map<Jid, Element> presence = new ConcurrentHashMap<>();
        /** Available sessions on other nodes of a cluster, with their presence. */
        final Map<Jid, Element> elsewhere = new ConcurrentHashMap<>();

        FakeSession online(Jid full, Element p) {
            presence.put(full, p);
            return new FakeSession(full);
        }

        @Override public Optional<Element> presenceOf(Jid fullJid) { return Optional.ofNullable(presence.get(fullJid)); }
        @Override public Optional<Session> session(Jid fullJid) { return presenceOf(fullJid).map(p -> new FakeSession(fullJid)); }
        @Override public List<Session> sessionsOf(Jid bareJid) {
            return presence.keySet().stream().filter(j -> j.bare().equals(bareJid)).map(j -> (Session) new FakeSession(j)).toList();
        }
        @Override public boolean accountExists(Jid account) { return true; }
        @Override public Collection<Session> sessions() { return presence.keySet().stream().map(j -> (Session) new FakeSession(j)).toList(); }
        @Override public Map<Jid, Element> presencesOf(Jid bareJid) {
            Map<Jid, Element> all = new java.util.HashMap<>();
            presence.forEach((jid, p) -> { if (jid.bare().equals(bareJid)) all.put(jid, p); });
            elsewhere.forEach((jid, p) -> { if (jid.bare().equals(bareJid)) all.put(jid, p); });
            return all;
        }
    }

    static final class MemoryRosters implements RosterStore {
        final Map<Jid, Map<Jid, RosterItem>> rosters = new ConcurrentHashMap<>();

        @Override public List<RosterItem> items(Jid owner) { return List.copyOf(rosters.getOrDefault(owner, Map.of()).values()); }
        @Override public Optional<RosterItem> item(Jid owner, Jid contact) { return Optional.ofNullable(rosters.getOrDefault(owner, Map.of()).get(contact)); }
        @Override public long put(Jid owner, RosterItem item) { rosters.computeIfAbsent(owner, o -> new ConcurrentHashMap<>()).put(item.contact(), item); return 1; }
        @Override public long remove(Jid owner, Jid contact) { return 1; }
        @Override public long version(Jid owner) { return 1; }
        @Override public int count(Jid owner) { return items(owner).size(); }
    }

    static final class MemoryPubSub implements PubSubStore {
        final Map<String, PubSubNode> nodes = new ConcurrentHashMap<>();
        final Map<String, List<PubSubItem>> items = new ConcurrentHashMap<>();   // newest last
        final Map<String, List<PubSubAffiliation>> affiliations = new ConcurrentHashMap<>();
        final List<Held> subscriptions = new ArrayList<>();

        /** A subscription with the account whose node it is. */
        record Held(Jid service, PubSubSubscription subscription) { }

        private static String key(Jid service, String node) {
            return service + " " + node;
        }

        @Override public Optional<PubSubNode> node(Jid service, String name) { return Optional.ofNullable(nodes.get(key(service, name))); }
        @Override public List<PubSubNode> nodes(Jid service) {
            return nodes.values().stream().filter(n -> n.service().equals(service)).sorted(Comparator.comparing(PubSubNode::name)).toList();
        }
        @Override public void putNode(PubSubNode node) { nodes.put(key(node.service(), node.name()), node); }
        @Override public boolean deleteNode(Jid service, String name) {
            items.remove(key(service, name));
            affiliations.remove(key(service, name));
            synchronized (this) {
                subscriptions.removeIf(x -> x.service().equals(service) && x.subscription().node().equals(name));
            }
            return nodes.remove(key(service, name)) != null;
        }
        @Override public synchronized void publish(Jid service, String node, PubSubItem item, int maxItems) {
            if (!nodes.containsKey(key(service, node))) throw new IllegalStateException("no node " + node);
            List<PubSubItem> list = items.computeIfAbsent(key(service, node), k -> new ArrayList<>());
            list.removeIf(i -> i.id().equals(item.id()));
            list.add(item);
            while (list.size() > maxItems) list.removeFirst();
        }
        @Override public synchronized boolean retract(Jid service, String node, String itemId) {
            return items.getOrDefault(key(service, node), new ArrayList<>()).removeIf(i -> i.id().equals(itemId));
        }
        @Override public void purge(Jid service, String node) { items.remove(key(service, node)); }
        @Override public synchronized List<PubSubItem> items(Jid service, String node, int max) {
            List<PubSubItem> newestFirst = new ArrayList<>(items.getOrDefault(key(service, node), List.of())).reversed();
            return newestFirst.subList(0, Math.min(max, newestFirst.size()));
        }
        @Override public Optional<PubSubItem> item(Jid service, String node, String itemId) {
            return items.getOrDefault(key(service, node), List.of()).stream().filter(i -> i.id().equals(itemId)).findFirst();
        }
        @Override public int count(Jid service, String node) { return items.getOrDefault(key(service, node), List.of()).size(); }

        @Override public synchronized void subscribe(Jid service, PubSubSubscription s) {
            if (!nodes.containsKey(key(service, s.node()))) throw new IllegalStateException("no node " + s.node());
            subscriptions.removeIf(x -> x.service().equals(service) && x.subscription().subId().equals(s.subId()));
            subscriptions.add(new Held(service, s));
        }
        @Override public synchronized boolean unsubscribe(Jid service, String node, Jid jid) {
            return subscriptions.removeIf(x -> x.service().equals(service) && x.subscription().node().equals(node) && x.subscription().jid().equals(jid));
        }
        @Override public synchronized boolean unsubscribe(Jid service, String node, String subId) {
            return subscriptions.removeIf(x -> x.service().equals(service) && x.subscription().node().equals(node) && x.subscription().subId().equals(subId));
        }
        @Override public synchronized List<PubSubSubscription> subscriptions(Jid service, String node) {
            return subscriptions.stream().filter(x -> x.service().equals(service) && x.subscription().node().equals(node)).map(Held::subscription).toList();
        }
        @Override public synchronized List<PubSubSubscription> subscriptionsOf(Jid service, Jid jid) {
            return subscriptions.stream().filter(x -> x.service().equals(service) && x.subscription().jid().bare().equals(jid.bare())).map(Held::subscription).toList();
        }
        @Override public void affiliate(Jid service, PubSubAffiliation a) {
            unaffiliate(service, a.node(), a.jid());
            affiliations.computeIfAbsent(key(service, a.node()), k -> new CopyOnWriteArrayList<>()).add(a);
        }
        @Override public boolean unaffiliate(Jid service, String node, Jid jid) {
            return affiliations.getOrDefault(key(service, node), new CopyOnWriteArrayList<>()).removeIf(a -> a.jid().equals(jid.bare()));
        }
        @Override public List<PubSubAffiliation> affiliations(Jid service, String node) {
            return affiliations.getOrDefault(key(service, node), new CopyOnWriteArrayList<>()).stream().sorted(Comparator.comparing(PubSubAffiliation::jid)).toList();
        }
        @Override public List<PubSubAffiliation> affiliationsOf(Jid service, Jid jid) {
            return affiliations.entrySet().stream().filter(e -> e.getKey().startsWith(service.bare() + " ")).flatMap(e -> e.getValue().stream())
                    .filter(a -> a.jid().equals(jid.bare())).toList();
        }
    }

    static PubSubItem item(String id, Element payload, Jid publisher) {
        return new PubSubItem(id, payload, publisher, Instant.now());
    }
}
