package xmpp.mod.roster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.spi.route.SessionManager;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/** Rosters with an in-memory store: what a client sees of concurrent changes to its roster. */
class RostersTest {

    static final Jid JULIET = Jid.of("juliet@example.com/balcony");

    /** Pushes reach the client in the order of the versions they carry, however many threads change the roster. */
    @Test
    void pushesArriveInVersionOrderUnderConcurrentChanges() throws Exception {
        MemoryRosters store = new MemoryRosters();
        List<Long> pushedVersions = new CopyOnWriteArrayList<>();
        Session client = new Session() {
            @Override public Jid jid() { return JULIET; }
            @Override public void deliver(Element stanza) { }
            @Override public void close(StreamError error) { }
        };
        Router router = (from, to, stanza) -> {
            if (stanza.name().equals("iq") && to.equals(JULIET))
                pushedVersions.add(Long.parseLong(stanza.child("query", RosterXml.NS).orElseThrow().attr("ver")));
        };
        Rosters rosters = new Rosters(config(), store, router, sessions(client));
        rosters.get(client, null);

        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Jid contact = Jid.of("c" + (i % 20) + "@example.net");
            int n = i;
            work.add(threads.submit(() -> {
                if (n % 2 == 0) rosters.set(JULIET.bare(), new RosterXml.Request(contact, false, "name " + n, Set.of()));
                else rosters.inbound(contact, JULIET.bare(), Element.of("presence").withAttr("type", "subscribe"));
                return null;
            }));
        }
        for (Future<?> f : work) f.get();
        threads.shutdown();

        for (int i = 1; i < pushedVersions.size(); i++)
            assertTrue(pushedVersions.get(i) > pushedVersions.get(i - 1), "push " + i + " went back: " + pushedVersions);
        assertEquals(store.version(JULIET), pushedVersions.get(pushedVersions.size() - 1), "the last push is the roster as stored");
    }

    /** RFC 6121 section 3.1.5: approving a subscription sends the contact the presence of the user's resources, on whichever node they are. */
    @Test
    void approvingSendsThePresenceOfTheUsersResourcesOnOtherNodes() throws Exception {
        Jid romeo = Jid.of("romeo@example.net");
        Element onAnotherNode = Element.of("presence").withAttr("from", JULIET.toString()).withChild(Element.builder("status").text("elsewhere").build());
        List<Element> toRomeo = new CopyOnWriteArrayList<>();
        Router router = (from, to, stanza) -> {
            if (stanza.name().equals("presence") && to.equals(romeo)) toRomeo.add(stanza);
        };
        Session elsewhere = new Session() {   // only to satisfy the fake: juliet has no session on this node
            @Override public Jid jid() { return Jid.of("nobody@example.com/here"); }
            @Override public void deliver(Element stanza) { }
            @Override public void close(StreamError error) { }
        };
        SessionManager noneHere = sessions(elsewhere, Map.of(JULIET, onAnotherNode), Set.of());
        Rosters rosters = new Rosters(config(), new MemoryRosters(), router, noneHere);
        rosters.inbound(romeo, JULIET.bare(), Element.of("presence").withAttr("type", "subscribe"));
        rosters.outbound(JULIET.bare(), romeo, Element.of("presence").withAttr("type", "subscribed"));
        assertTrue(toRomeo.stream().anyMatch(p -> p.attr("from").equals(JULIET.toString()) && p.child("status").isPresent()), toRomeo.toString());
    }

    /**
     * RFC 6121 section 2.1.6 in a cluster: a change made here is pushed to the account's resources
     * on other nodes, available or not yet (a client asks for its roster before its initial
     * presence), where the roster module lets it through only to a session that asked for the roster.
     */
    @Test
    void aChangeIsPushedToResourcesOnOtherNodesWhereOnlySessionsThatAskedForTheRosterGetIt() throws Exception {
        Jid inn = Jid.of("juliet@example.com/inn");
        Jid tomb = Jid.of("juliet@example.com/tomb");   // bound on another node, no presence sent yet
        List<Element> pushes = new CopyOnWriteArrayList<>();
        Router router = (from, to, stanza) -> {
            if (stanza.name().equals("iq")) pushes.add(stanza);
        };
        Session balcony = new Session() {
            @Override public Jid jid() { return JULIET; }
            @Override public void deliver(Element stanza) { }
            @Override public void close(StreamError error) { }
        };
        Rosters rosters = new Rosters(config(), new MemoryRosters(), router, sessions(balcony, Map.of(inn, Element.of("presence")), Set.of(tomb)));
        rosters.get(balcony, null);
        rosters.set(JULIET.bare(), new RosterXml.Request(Jid.of("romeo@example.net"), false, "Romeo", Set.of()));
        assertEquals(Set.of(JULIET.toString(), inn.toString(), tomb.toString()), pushes.stream().map(p -> p.attr("to")).collect(java.util.stream.Collectors.toSet()),
                "to balcony, which asked here, and to the resources on the other node");

        // On the node of a session: a push passes to it only if it asked for the roster there.
        Rosters onBalconysNode = new Rosters(config(), new MemoryRosters(), (from, to, stanza) -> { }, sessions(balcony));
        onBalconysNode.forget(balcony);   // a module that starts counts the sessions online as having asked: this one has not
        RemotePushes filter = new RemotePushes(onBalconysNode);
        Element push = pushes.getFirst().withAttr("to", JULIET.toString());
        assertEquals(null, filter.process(JULIET.bare(), JULIET, push), "balcony has not asked for the roster on its node");
        onBalconysNode.get(balcony, null);
        assertEquals(push, filter.process(JULIET.bare(), JULIET, push));
        assertEquals(push, filter.process(Jid.of("juliet@example.com/inn"), JULIET, push), "from a resource: not a push, not the filter's");
    }

    static Rosters.Config config() {
        return new Rosters.Config() {
            @Override public int max_items() { return 1000; }
            @Override public int max_text_length() { return 1023; }
            @Override public Class<? extends Annotation> annotationType() { return Rosters.Config.class; }
        };
    }

    static SessionManager sessions(Session only) {
        return sessions(only, Map.of(), Set.of());
    }

    /**
     * {@code only} bound here; {@code presences}: every available session of the cluster with its
     * presence; {@code unavailable}: the cluster's sessions that sent none.
     */
    static SessionManager sessions(Session only, Map<Jid, Element> presences, Set<Jid> unavailable) {
        return new SessionManager() {
            @Override public List<Jid> resourcesOf(Jid bareJid) {
                return java.util.stream.Stream.of(Set.of(only.jid()), presences.keySet(), unavailable).flatMap(Set::stream)
                        .filter(jid -> jid.bare().equals(bareJid.bare())).distinct().toList();
            }
            @Override public Map<Jid, Element> presencesOf(Jid bareJid) {
                Map<Jid, Element> of = new java.util.HashMap<>();
                presences.forEach((jid, p) -> { if (jid.bare().equals(bareJid.bare())) of.put(jid, p); });
                return of;
            }
            @Override public void bind(Session session) { }
            @Override public void unbind(Session session) { }
            @Override public void presence(Session session, Element presence) { }
            @Override public Optional<Element> presenceOf(Jid fullJid) { return Optional.empty(); }
            @Override public void send(Session session, Jid to, Element stanza) { }
            @Override public Optional<Session> session(Jid fullJid) { return Optional.of(only).filter(s -> s.jid().equals(fullJid)); }
            @Override public List<Session> sessionsOf(Jid bareJid) { return bareJid.equals(only.jid().bare()) ? List.of(only) : List.of(); }
            @Override public boolean accountExists(Jid account) { return true; }
            @Override public Collection<Session> sessions() { return List.of(only); }
            @Override public void deliverForwarded(Jid from, Jid session, Element stanza) { }
            @Override public void departed(xmpp.core.spi.route.SessionEntry entry) { }
            @Override public void replacedElsewhere(Jid session) { }
            @Override public void republish() { }
        };
    }

    /** A RosterStore in memory, synchronized as a database would be. */
    static final class MemoryRosters implements RosterStore {
        final Map<Jid, Map<Jid, RosterItem>> items = new ConcurrentHashMap<>();
        final Map<Jid, Long> versions = new ConcurrentHashMap<>();

        @Override public synchronized List<RosterItem> items(Jid owner) { return List.copyOf(items.getOrDefault(owner.bare(), Map.of()).values()); }
        @Override public synchronized Optional<RosterItem> item(Jid owner, Jid contact) { return Optional.ofNullable(items.getOrDefault(owner.bare(), Map.of()).get(contact)); }
        @Override public synchronized long put(Jid owner, RosterItem item) {
            items.computeIfAbsent(owner.bare(), o -> new ConcurrentHashMap<>()).put(item.contact(), item);
            return versions.merge(owner.bare(), 1L, Long::sum);
        }
        @Override public synchronized long remove(Jid owner, Jid contact) {
            return items.getOrDefault(owner.bare(), new ConcurrentHashMap<>()).remove(contact) == null ? version(owner) : versions.merge(owner.bare(), 1L, Long::sum);
        }
        @Override public synchronized long version(Jid owner) { return versions.getOrDefault(owner.bare(), 0L); }
        @Override public synchronized int count(Jid owner) { return items.getOrDefault(owner.bare(), Map.of()).size(); }
    }
}
