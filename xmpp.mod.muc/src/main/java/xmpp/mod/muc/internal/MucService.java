package xmpp.mod.muc.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.Stanzas;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.RoomStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * One multi-user chat service at its domain ({@code conference.example.org}): its rooms, its own
 * discovery (XEP-0045 section 6), room creation and who may create. Stanzas to a room go to
 * that room.
 */
final class MucService {

    private static final System.Logger log = System.getLogger(MucService.class.getName());

    /** Who may create rooms (XEP-0045 section 10.1.1: a service may restrict creation). */
    enum Creators { LOCAL, ANYONE, ADMINS }

    /**
     * The service's settings, from the module's configuration. Its {@code admins} (bare JIDs) may
     * always create rooms, and as many as they like. A new room keeps an archive if {@code archiveDefault}.
     */
    record Settings(String name, Creators creators, Set<Jid> admins, int roomsPerUser, int maxUsers, int maxHistory,
                    int defaultHistory, double messagesPerSecond, boolean archiveDefault) {

        /** Without service admins: users of served domains, or of any server, create rooms; rooms keep no archive unless configured to. */
        Settings(String name, boolean anyoneCreates, int roomsPerUser, int maxUsers, int maxHistory, int defaultHistory,
                 double messagesPerSecond) {
            this(name, anyoneCreates ? Creators.ANYONE : Creators.LOCAL, Set.of(), roomsPerUser, maxUsers, maxHistory, defaultHistory,
                    messagesPerSecond, false);
        }
    }

    private final Jid domain;
    private final Router router;
    private final Settings settings;
    private final Predicate<String> isLocalDomain;
    private final Clock clock;
    private final Room.Limits limits;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final RoomStore store;
    private final RoomArchive archive;
    private final Room.Keeper keeper = new Room.Keeper() {
        @Override
        public void keep(Jid room, Element state) {
            try {
                store.put(room, state);
            } catch (StorageException e) {
                log.log(System.Logger.Level.WARNING, "xmpp.mod.muc: room {0} changed but could not be stored, so a restart loses the change: {1}",
                        room, e.getMessage());
            }
        }

        @Override
        public void forget(Jid room) {
            try {
                store.delete(room);
            } catch (StorageException e) {
                log.log(System.Logger.Level.WARNING, "xmpp.mod.muc: room {0} is gone but stays in storage and comes back at a restart: {1}",
                        room, e.getMessage());
            }
        }
    };

    /** The service with its persistent rooms from {@code store}, their archives in {@code archive}. */
    MucService(Jid domain, Router router, Settings settings, Predicate<String> isLocalDomain, Clock clock, RoomStore store,
               MessageArchive archive) {
        this.domain = domain;
        this.router = router;
        this.settings = settings;
        this.isLocalDomain = isLocalDomain;
        this.clock = clock;
        this.store = store;
        this.archive = new RoomArchive(archive);
        this.limits = new Room.Limits(settings.maxUsers(), settings.maxHistory(), settings.messagesPerSecond());
        try {
            store.rooms(domain.domainpart()).forEach((jid, state) -> rooms.put(jid.localpart(),
                    Room.restored(jid, state, defaults(), router, limits, clock, keeper, this.archive)));
        } catch (StorageException | IllegalArgumentException e) {
            log.log(System.Logger.Level.WARNING, "xmpp.mod.muc: the stored rooms of {0} could not be read, so they are missing until the module restarts: {1}",
                    domain, e.getMessage());
        }
    }

    private RoomConfig defaults() {
        return RoomConfig.defaults(settings.maxUsers(), settings.defaultHistory(), settings.archiveDefault());
    }

    /** Every stanza to this service's domain or to an address at it; {@code stanza} carries {@code from} and {@code to}. */
    void route(Jid from, Jid to, Element stanza) {
        if (to.localpart().isEmpty()) {
            toService(from, stanza);
            return;
        }
        String name = to.localpart();
        String nick = to.resourcepart();
        if (stanza.name().equals("presence")) {
            presence(from, name, nick, stanza);
            return;
        }
        Room room = rooms.get(name);
        boolean taken = room != null && (stanza.name().equals("message") ? room.message(from, nick, stanza) : room.iq(from, nick, stanza));
        if (!taken) {
            if (room != null) rooms.remove(name, room);
            if (!stanza.attr("type").equals("result")) reply(stanza, StanzaError.of(Condition.ITEM_NOT_FOUND, "no such room"));
        }
    }

    private void presence(Jid from, String name, String nick, Element presence) {
        while (true) {
            Room room = rooms.get(name);
            if (room == null) {
                if (!presence.attr("type").isEmpty()) return;   // leaving a room that is no more
                Optional<StanzaError> refusal = mayCreate(from);
                if (refusal.isPresent()) {
                    reply(presence, refusal.get());
                    return;
                }
                Room fresh = new Room(Jid.of(name, domain.domainpart(), ""), from.bare(), defaults(), router, limits, clock, keeper, archive);
                room = Optional.ofNullable(rooms.putIfAbsent(name, fresh)).orElse(fresh);
            }
            boolean taken = room.presence(from, nick, presence);
            if (!taken || room.gone()) rooms.remove(name, room);
            if (taken) return;
        }
    }

    private Optional<StanzaError> mayCreate(Jid user) {
        if (settings.admins().contains(user.bare())) return Optional.empty();
        if (settings.creators() == Creators.ADMINS)
            return Optional.of(StanzaError.of(Condition.NOT_ALLOWED, "only the admins of this service create rooms here"));
        if (settings.creators() == Creators.LOCAL && !isLocalDomain.test(user.domainpart()))
            return Optional.of(StanzaError.of(Condition.NOT_ALLOWED, "only users of this server create rooms here"));
        if (settings.roomsPerUser() > 0 && rooms.values().stream().filter(r -> r.isOwner(user.bare())).count() >= settings.roomsPerUser())
            return Optional.of(StanzaError.of(Condition.POLICY_VIOLATION, "you own as many rooms as this service allows"));
        return Optional.empty();
    }

    private void toService(Jid from, Element stanza) {
        if (!stanza.name().equals("iq")) {
            if (stanza.name().equals("message")) reply(stanza, StanzaError.of(Condition.SERVICE_UNAVAILABLE, "send to a room"));
            return;
        }
        String type = stanza.attr("type");
        if (!type.equals("get") && !type.equals("set")) return;
        Element query = stanza.firstElement().orElse(null);
        String ns = query == null ? "" : query.namespace();
        if (type.equals("set") || !(ns.equals(Muc.DISCO_INFO) || ns.equals(Muc.DISCO_ITEMS) || ns.equals(Muc.UNIQUE))) {
            reply(stanza, StanzaError.of(Condition.SERVICE_UNAVAILABLE, "the chat service does not answer that"));
            return;
        }
        if (!query.attr("node").isEmpty()) {
            reply(stanza, StanzaError.of(Condition.ITEM_NOT_FOUND, "no such node"));
            return;
        }
        Element payload = switch (ns) {
            case Muc.DISCO_INFO -> Muc.query(Muc.DISCO_INFO, List.of(Muc.identity("conference", "text", settings.name()),
                    Muc.feature(Muc.NS), Muc.feature(Muc.DISCO_INFO), Muc.feature(Muc.DISCO_ITEMS), Muc.feature(Muc.UNIQUE),
                    Muc.feature(Muc.OCCUPANT_ID), Muc.feature(Muc.SELF_PING)));
            case Muc.DISCO_ITEMS -> Muc.query(Muc.DISCO_ITEMS, listedRooms());
            default -> Element.builder("unique").xmlns(Muc.UNIQUE).text(UUID.randomUUID().toString()).build();
        };
        router.route(domain, from, Element.builder("iq").attr("type", "result").attr("id", stanza.attr("id"))
                .attr("from", domain.toString()).attr("to", from.toString()).child(payload).build());
    }

    private List<Element> listedRooms() {
        List<Element> items = new ArrayList<>();
        for (Room room : rooms.values())
            room.listedName().ifPresent(name -> items.add(Element.builder("item").attr("jid", room.jid().toString())
                    .attr("name", name.isEmpty() ? room.jid().localpart() : name).build()));
        return items;
    }

    /** The rooms and their occupant counts, by address: what the shell lists. */
    SortedMap<String, Integer> occupancy() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        rooms.forEach((name, room) -> {
            if (!room.gone()) counts.put(room.jid().toString(), room.occupantCount());
        });
        return counts;
    }

    /** The service stops: every occupant leaves with status 332; persistent rooms stay stored. */
    void shutDown() {
        for (Room room : rooms.values()) room.shutDown();
        rooms.clear();
        archive.close();
    }

    /** Destroys the room called {@code name} as its owner would; false if there is none. */
    boolean destroy(String name, String reason) {
        Room room = rooms.remove(name);
        return room != null && room.destroy(reason);
    }

    private void reply(Element stanza, StanzaError error) {
        if (Stanzas.isError(stanza)) return;
        // A refused join comes back without the client's own elements: clients expect the error alone (XEP-0045 section 7.2.6).
        Element request = stanza.name().equals("presence") ? stanza.withChildren(List.of()) : stanza;
        router.route(Jid.of(stanza.attr("to")), Jid.of(stanza.attr("from")), Stanzas.errorReply(request, error));
    }
}
