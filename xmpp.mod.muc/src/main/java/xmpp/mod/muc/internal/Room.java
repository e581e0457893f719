package xmpp.mod.muc.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.mam.ArchiveIds;
import xmpp.core.mam.MamRequest;
import xmpp.core.mam.MamResponses;
import xmpp.core.route.Router;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.stanza.Stanzas;
import xmpp.core.storage.ArchivePage;
import xmpp.core.storage.ArchiveQuery;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;
import xmpp.core.xml.Node;

/**
 * One chat room (XEP-0045): its configuration, affiliations, occupants, subject and history,
 * and everything addressed to it or to its occupants. Every entry point holds the room's lock,
 * so a room's stanzas go out in the order they happened; rooms do not wait for each other.
 * Entry points return {@code false} when the room is gone (destroyed, or emptied while
 * temporary): the service then drops it and treats the stanza as addressed to no room.
 */
final class Room {

    /** What the service allows every room: its caps and defaults. */
    record Limits(int maxUsers, int maxHistory, double messagesPerSecond) {
    }

    /** Where a persistent room's state goes when it changes, and is forgotten when the room goes. */
    interface Keeper {
        void keep(Jid room, Element state);

        void forget(Jid room);
    }

    static final String STATE = "urn:x-xmpp-server:muc";
    private static final System.Logger log = System.getLogger(Room.class.getName());

    private final Jid jid;
    private final Router router;
    private final Limits limits;
    private final Clock clock;
    private final Keeper keeper;
    private final RoomArchive archive;
    /** What occupant ids (XEP-0421) are made from: random per room and stored with it, so ids outlive restarts and differ between rooms. */
    private String idSalt;
    private RoomConfig config;
    private boolean locked = true;   // until the owner configures it (section 10.1)
    private boolean gone;
    private final Map<Jid, Affiliation> affiliations = new LinkedHashMap<>();
    private final Map<Jid, String> registeredNicks = new LinkedHashMap<>();   // section 7.10
    private final Map<String, Occupant> byNick = new LinkedHashMap<>();
    private final Map<Jid, Occupant> bySession = new HashMap<>();
    private final History history = new History();
    private Element subject;

    /** A new room, locked until {@code creator} configures it. */
    Room(Jid jid, Jid creator, RoomConfig config, Router router, Limits limits, Clock clock, Keeper keeper, RoomArchive archive) {
        this.jid = jid;
        this.archive = archive;
        this.router = router;
        this.limits = limits;
        this.clock = clock;
        this.keeper = keeper;
        this.config = config;
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        this.idSalt = Base64.getEncoder().encodeToString(salt);
        affiliations.put(creator.bare(), Affiliation.OWNER);
    }

    /** A persistent room as {@link #state} left it: configured, empty. */
    static Room restored(Jid jid, Element state, RoomConfig defaults, Router router, Limits limits, Clock clock, Keeper keeper,
                         RoomArchive archive) {
        Room room = new Room(jid, jid, defaults, router, limits, clock, keeper, archive);
        room.affiliations.clear();
        room.locked = false;
        state.findAttr("id-salt").ifPresent(salt -> room.idSalt = salt);
        state.child("x", RoomConfig.DATA).ifPresent(form ->
                room.config = defaults.submitted(RoomConfig.fieldsOf(form), limits.maxUsers(), limits.maxHistory()));
        for (Element e : state.elements()) {
            if (e.name().equals("affiliation"))
                Jid.parse(e.attr("jid")).ifPresent(j -> Affiliation.parse(e.attr("value")).ifPresent(a -> room.affiliations.put(j.bare(), a)));
            if (e.name().equals("nick")) Jid.parse(e.attr("jid")).ifPresent(j -> room.registeredNicks.put(j.bare(), e.text()));
            if (e.name().equals("message")) room.subject = e;
        }
        return room;
    }

    /** What survives a restart: configuration, affiliations, subject (not occupants, not history). */
    private Element state() {
        Element.Builder state = Element.builder("room").xmlns(STATE).attr("id-salt", idSalt).child(config.form(List.of(), List.of()));
        affiliations.forEach((j, a) -> state.child(Element.builder("affiliation").attr("jid", j.toString()).attr("value", a.value()).build()));
        registeredNicks.forEach((j, n) -> state.child(Element.builder("nick").attr("jid", j.toString()).text(n).build()));
        if (subject != null) state.child(subject);
        return state.build();
    }

    private void persist() {
        if (config.persistent() && !locked) keeper.keep(jid, state());
    }

    Jid jid() {
        return jid;
    }

    synchronized boolean gone() {
        return gone;
    }

    synchronized boolean isOwner(Jid bare) {
        return !gone && affiliation(bare) == Affiliation.OWNER;
    }

    /** For the service's disco#items: the room's name if anyone may find it. */
    synchronized Optional<String> listedName() {
        return gone || locked || !config.publicRoom() ? Optional.empty() : Optional.of(config.name());
    }

    synchronized int occupantCount() {
        return byNick.size();
    }

    // ---- presence: join, change, leave (section 7.2, 7.6, 7.14) ----

    synchronized boolean presence(Jid from, String nick, Element presence) {
        if (gone) return false;
        String type = presence.attr("type");
        Occupant current = bySession.get(from);
        if (type.equals("unavailable") || type.equals("error")) {
            if (current != null) leave(current, from, presence);
            return true;
        }
        if (!type.isEmpty()) return true;   // subscriptions and probes mean nothing to a room
        if (nick.isEmpty()) {
            reply(presence, StanzaError.of(Condition.JID_MALFORMED, "join with a nickname: room@service/nick"));
            if (current == null && byNick.isEmpty() && !config.persistent()) gone = true;
            return true;
        }
        if (current == null) join(from, nick, presence);
        else if (!current.nick.equals(nick)) changeNick(current, from, nick, presence);
        else {
            current.sessions.put(from, presence);
            broadcastPresence(current, List.of());
        }
        return true;
    }

    private void join(Jid from, String nick, Element presence) {
        Affiliation affiliation = affiliation(from.bare());
        Element muc = presence.child("x", Muc.NS).orElse(null);
        Occupant sameNick = byNick.get(nick);
        Optional<StanzaError> refusal = admission(from, nick, affiliation, muc, sameNick);
        if (refusal.isPresent()) {
            reply(presence, refusal.get());
            if (byNick.isEmpty() && !config.persistent() && locked) gone = true;   // a creation that failed
            return;
        }
        boolean created = locked && byNick.isEmpty();
        Occupant occupant = sameNick != null ? sameNick : new Occupant(nick, from.bare(), affiliation.defaultRole(config.moderated()), new Rate());
        occupant.sessions.put(from, presence);
        bySession.put(from, occupant);
        for (Occupant other : byNick.values())
            if (other != occupant) router.route(jid, from, presenceOf(other, from, occupant, List.of()));
        byNick.put(nick, occupant);
        List<Integer> selfCodes = new ArrayList<>();
        if (config.whoisAnyone()) selfCodes.add(Muc.NON_ANONYMOUS);
        if (config.archiving()) selfCodes.add(Muc.LOGGED);
        if (created) selfCodes.add(Muc.CREATED);
        if (sameNick != null) router.route(jid, from, presenceOf(occupant, from, occupant, withSelf(selfCodes)));
        else broadcastPresence(occupant, selfCodes);
        Instant now = clock.instant();
        for (History.Entry e : history.requested(muc == null ? null : muc.child("history").orElse(null), now))
            router.route(jid, from, e.message().withAttr("to", from.toString()).withChild(
                    Element.builder("delay").xmlns(Muc.DELAY).attr("from", jid.toString()).attr("stamp", e.sent().toString()).build()));
        Element topic = subject != null ? subject : Element.builder("message").attr("type", "groupchat").attr("from", jid.toString())
                .child(Element.of("subject")).build();
        router.route(jid, from, topic.withAttr("to", from.toString()));
    }

    /** Why {@code from} may not join, if it may not (section 7.2.6 to 7.2.10). */
    private Optional<StanzaError> admission(Jid from, String nick, Affiliation affiliation, Element muc, Occupant sameNick) {
        if (locked && affiliation != Affiliation.OWNER)
            return Optional.of(StanzaError.of(Condition.ITEM_NOT_FOUND, "the room is being set up by its owner"));
        if (affiliation == Affiliation.OUTCAST) return Optional.of(StanzaError.of(Condition.FORBIDDEN, "you are banned from this room"));
        if (config.membersOnly() && !affiliation.atLeast(Affiliation.MEMBER))
            return Optional.of(StanzaError.of(Condition.REGISTRATION_REQUIRED, "the room is for members only"));
        if (sameNick != null && !sameNick.bare.equals(from.bare()))
            return Optional.of(StanzaError.of(Condition.CONFLICT, "that nickname is taken in this room"));
        Jid registrant = registrant(nick);
        if (registrant != null && !registrant.equals(from.bare()))
            return Optional.of(StanzaError.of(Condition.CONFLICT, "that nickname is registered to someone else"));
        int max = config.maxUsers() > 0 ? config.maxUsers() : limits.maxUsers();
        if (sameNick == null && max > 0 && byNick.size() >= max && !affiliation.atLeast(Affiliation.ADMIN))
            return Optional.of(StanzaError.of(Condition.SERVICE_UNAVAILABLE, "the room is full"));
        if (config.passwordProtected() && affiliation != Affiliation.OWNER) {
            String given = muc == null ? "" : muc.child("password").map(Element::text).orElse("");
            if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), config.password().getBytes(StandardCharsets.UTF_8)))
                return Optional.of(StanzaError.of(Condition.NOT_AUTHORIZED, "a password is required"));
        }
        return Optional.empty();
    }

    private void changeNick(Occupant occupant, Jid from, String nick, Element presence) {
        Occupant holder = byNick.get(nick);
        Jid registrant = registrant(nick);
        if (registrant != null && !registrant.equals(occupant.bare)) {
            reply(presence, StanzaError.of(Condition.CONFLICT, "that nickname is registered to someone else"));
            return;
        }
        if (holder != null || occupant.sessions.size() > 1) {
            reply(presence, StanzaError.of(Condition.CONFLICT, holder != null ? "that nickname is taken in this room"
                    : "leave from your other clients before changing the nickname they share"));
            return;
        }
        for (Occupant r : byNick.values())
            for (Jid session : r.sessions.keySet()) {
                List<Integer> codes = r == occupant ? List.of(Muc.NICK_CHANGED, Muc.SELF) : List.of(Muc.NICK_CHANGED);
                router.route(jid, session, unavailable(occupant, session, r, codes, Affiliation.NONE, occupant.role, nick, null, null, null));
            }
        byNick.remove(occupant.nick);
        Occupant renamed = new Occupant(nick, occupant.bare, occupant.role, occupant.rate);
        renamed.sessions.put(from, presence);
        byNick.put(nick, renamed);
        bySession.put(from, renamed);
        broadcastPresence(renamed, List.of());
    }

    private void leave(Occupant occupant, Jid from, Element presence) {
        Element last = occupant.sessions.remove(from);
        bySession.remove(from);
        if (!occupant.sessions.isEmpty()) {   // the user's other clients stay in
            router.route(jid, from, unavailable(occupant, from, occupant, List.of(Muc.SELF), null, Role.NONE, null, null, null, presence));
            return;
        }
        occupant.sessions.put(from, last);
        for (Occupant r : byNick.values())
            for (Jid session : r.sessions.keySet())
                router.route(jid, session, unavailable(occupant, session, r, r == occupant ? List.of(Muc.SELF) : List.of(),
                        null, Role.NONE, null, null, null, presence));
        removeOccupant(occupant);
    }

    private void removeOccupant(Occupant occupant) {
        byNick.remove(occupant.nick, occupant);
        occupant.sessions.keySet().forEach(bySession::remove);
        if (byNick.isEmpty() && (!config.persistent() || locked)) {
            gone = true;
            archive.delete(jid);   // a temporary room's archive lasts as long as the room
        }
    }

    /**
     * Takes {@code occupant} out of the room with a status code saying why (kick 307, ban 301,
     * affiliation lost 321, members-only 322, destroy: none but a {@code destroy} element).
     */
    private void expel(Occupant occupant, int code, String actorNick, String reason, Element destroy) {
        Affiliation after = affiliation(occupant.bare);
        for (Occupant r : byNick.values())
            for (Jid session : r.sessions.keySet()) {
                List<Integer> codes = new ArrayList<>();
                if (code > 0) codes.add(code);
                if (r == occupant) codes.add(Muc.SELF);
                router.route(jid, session, unavailable(occupant, session, r, codes, after, Role.NONE, null, actorNick, reason, destroy));
            }
        removeOccupant(occupant);
    }

    // ---- messages (sections 7.4 to 7.9) ----

    synchronized boolean message(Jid from, String nick, Element message) {
        if (gone) return false;
        String type = message.attr("type");
        if (type.equals("error")) return true;
        Occupant sender = bySession.get(from);
        if (!nick.isEmpty()) {
            privateMessage(sender, nick, message);
            return true;
        }
        Optional<Element> user = message.child("x", Muc.USER);
        if (user.isPresent() && (user.get().child("invite").isPresent() || user.get().child("decline").isPresent())) {
            invitations(from, sender, message, user.get());
            return true;
        }
        if (!type.equals("groupchat")) {
            Map<String, List<String>> request = voiceRequestOf(message);
            if (sender != null && request != null && sender.role == Role.MODERATOR) voiceDecision(sender, request);
            else if (sender != null && request != null) voiceRequest(sender);
            else reply(message, StanzaError.of(Condition.BAD_REQUEST, "send groupchat messages to a room"));
            return true;
        }
        if (sender == null) {
            reply(message, StanzaError.of(Condition.NOT_ACCEPTABLE, "join the room before you send to it"));
            return true;
        }
        boolean subjectChange = message.child("subject").isPresent() && message.child("body").isEmpty();
        if (subjectChange && !(sender.role == Role.MODERATOR || (config.changeSubject() && sender.role.atLeast(Role.PARTICIPANT)))) {
            reply(message, StanzaError.of(Condition.FORBIDDEN, "you may not change the subject"));
            return true;
        }
        if (!sender.role.atLeast(Role.PARTICIPANT)) {
            reply(message, StanzaError.of(Condition.FORBIDDEN, "visitors need voice to speak in this moderated room"));
            return true;
        }
        if (limits.messagesPerSecond() > 0 && !sender.rate.take(clock.instant(), limits.messagesPerSecond())) {
            reply(message, StanzaError.of(Condition.RESOURCE_CONSTRAINT, "you are sending too fast; wait a moment"));
            return true;
        }
        Element out = stripped(message).toBuilder().attr("from", occupantJid(sender).toString()).attr("type", "groupchat")
                .child(occupantId(sender)).build();
        if (subjectChange) {
            subject = out;
            persist();
            // XEP-0313 section 5.1.2: a room's archive should keep its subject changes, as occupants saw them.
            if (config.archiving()) out = archived(sender, from, clock.instant(), out);
        } else if (message.child("body").isPresent()) {
            Instant now = clock.instant();
            if (config.archiving()) out = archived(sender, from, now, out);
            history.add(now, out, config.historyLength());
        }
        toAll(out);
        return true;
    }

    /**
     * {@code out} kept in the room's archive, with the sender's real JID for those who may see it
     * (section 5.1.2 of XEP-0313), and returned with its XEP-0359 stanza-id.
     */
    private Element archived(Occupant sender, Jid from, Instant now, Element out) {
        Element kept = out.withChild(Element.builder("x").xmlns(Muc.USER)
                .child(Element.of("item").withAttr("jid", from.bare().toString())).build());
        long id = archive.keep(jid, occupantJid(sender), now, kept);
        return out.withChild(Element.builder("stanza-id").xmlns(MamResponses.SID).attr("id", ArchiveIds.format(id))
                .attr("by", jid.toString()).build());
    }

    private void privateMessage(Occupant sender, String nick, Element message) {
        if (message.attr("type").equals("groupchat")) {
            reply(message, StanzaError.of(Condition.BAD_REQUEST, "a private message is not of type groupchat"));
            return;
        }
        if (sender == null) {
            reply(message, StanzaError.of(Condition.NOT_ACCEPTABLE, "join the room before you send private messages in it"));
            return;
        }
        boolean allowed = switch (config.allowPm()) {
            case "anyone" -> true;
            case "participants" -> sender.role.atLeast(Role.PARTICIPANT);
            case "moderators" -> sender.role == Role.MODERATOR;
            default -> false;
        };
        if (!allowed) {
            reply(message, StanzaError.of(Condition.FORBIDDEN, "this room does not allow you private messages"));
            return;
        }
        Occupant target = byNick.get(nick);
        if (target == null) {
            reply(message, StanzaError.of(Condition.ITEM_NOT_FOUND, "no occupant has that nickname"));
            return;
        }
        Element out = stripped(message).toBuilder().attr("from", occupantJid(sender).toString())
                .child(Element.of("x", Muc.USER)).child(occupantId(sender)).build();
        for (Jid session : target.sessions.keySet()) router.route(occupantJid(sender), session, out.withAttr("to", session.toString()));
    }

    /** Mediated invitations and declines (section 7.8.2). */
    private void invitations(Jid from, Occupant sender, Element message, Element user) {
        Optional<Element> decline = user.child("decline");
        if (decline.isPresent()) {
            Optional<Jid> to = Jid.parse(decline.get().attr("to"));
            if (to.isEmpty()) {
                reply(message, StanzaError.of(Condition.JID_MALFORMED, "decline to whom?"));
                return;
            }
            Element.Builder d = Element.builder("decline").attr("from", from.bare().toString());
            decline.get().child("reason").ifPresent(d::child);
            router.route(jid, to.get(), Element.builder("message").attr("from", jid.toString()).attr("to", to.get().toString())
                    .child(Element.builder("x").xmlns(Muc.USER).child(d.build()).build()).build());
            return;
        }
        if (sender == null) {
            reply(message, StanzaError.of(Condition.NOT_ACCEPTABLE, "join the room before you invite to it"));
            return;
        }
        Affiliation inviter = affiliation(sender.bare);
        if (!config.allowInvites() && sender.role != Role.MODERATOR && !inviter.atLeast(Affiliation.ADMIN)) {
            reply(message, StanzaError.of(Condition.FORBIDDEN, "only moderators may invite to this room"));
            return;
        }
        for (Element invite : user.elements()) {
            if (!invite.name().equals("invite")) continue;
            Optional<Jid> to = Jid.parse(invite.attr("to"));
            if (to.isEmpty()) {
                reply(message, StanzaError.of(Condition.JID_MALFORMED, "invite whom?"));
                return;
            }
            if (config.membersOnly() && inviter.atLeast(Affiliation.ADMIN) && affiliation(to.get().bare()) == Affiliation.NONE) {
                affiliations.put(to.get().bare(), Affiliation.MEMBER);   // an admin's invitation admits (section 7.8.2)
                persist();
            }
            Element.Builder i = Element.builder("invite").attr("from", from.bare().toString());
            invite.child("reason").ifPresent(i::child);
            Element.Builder x = Element.builder("x").xmlns(Muc.USER).child(i.build());
            if (config.passwordProtected()) x.child(Muc.text("password", config.password()));
            router.route(jid, to.get(), Element.builder("message").attr("from", jid.toString()).attr("to", to.get().toString())
                    .child(x.build()).build());
        }
    }

    /** The fields of a voice request form (section 7.13) in {@code message}, or null. */
    private static Map<String, List<String>> voiceRequestOf(Element message) {
        return message.child("x", RoomConfig.DATA).map(RoomConfig::fieldsOf)
                .filter(f -> List.of(Muc.REQUEST).equals(f.get("FORM_TYPE")) && List.of("participant").equals(f.get("muc#role")))
                .orElse(null);
    }

    /** A moderator sends the request back approved (section 8.6): the visitor gets voice. */
    private void voiceDecision(Occupant moderator, Map<String, List<String>> request) {
        List<String> allow = request.getOrDefault("muc#request_allow", List.of());
        Occupant visitor = byNick.get(request.getOrDefault("muc#roomnick", List.of("")).stream().findFirst().orElse(""));
        if (visitor != null && visitor.role == Role.VISITOR && (allow.contains("true") || allow.contains("1")))
            changeRole(visitor, Role.PARTICIPANT, moderator.nick, "");
    }

    /** A visitor asks for voice (section 7.13): the moderators get the form to approve. */
    private void voiceRequest(Occupant visitor) {
        Element form = Element.builder("x").xmlns(RoomConfig.DATA).attr("type", "form")
                .child(Element.builder("title").text("Voice request").build())
                .child(RoomConfig.field("FORM_TYPE", "hidden", null, List.of(Muc.REQUEST)))
                .child(RoomConfig.field("muc#role", "list-single", "Requested role", List.of("participant")))
                .child(RoomConfig.field("muc#jid", "jid-single", "User ID", List.of(visitor.bare.toString())))
                .child(RoomConfig.field("muc#roomnick", "text-single", "Room nickname", List.of(visitor.nick)))
                .child(RoomConfig.field("muc#request_allow", "boolean", "Grant voice?", List.of("0"))).build();
        for (Occupant m : byNick.values())
            if (m.role == Role.MODERATOR)
                for (Jid session : m.sessions.keySet())
                    router.route(jid, session, Element.builder("message").attr("from", jid.toString()).attr("to", session.toString())
                            .child(form).build());
    }

    // ---- IQs to the room and to occupants ----

    synchronized boolean iq(Jid from, String nick, Element iq) {
        if (gone) return false;
        if (!nick.isEmpty()) {
            occupantIq(from, nick, iq);
            return true;
        }
        String type = iq.attr("type");
        if (!type.equals("get") && !type.equals("set")) return true;
        Element query = iq.firstElement().orElse(null);
        String ns = query == null ? "" : query.namespace();
        Affiliation affiliation = affiliation(from.bare());
        switch (ns) {
            case Muc.DISCO_INFO, Muc.DISCO_ITEMS -> {
                if (type.equals("set")) reply(iq, StanzaError.of(Condition.NOT_ALLOWED, "discovery is get only"));
                else if (ns.equals(Muc.DISCO_INFO) && query.attr("node").equals(Muc.RESERVED_NICK_NODE)) answer(iq, reservedNick(from));
                else if (!query.attr("node").isEmpty()) reply(iq, StanzaError.of(Condition.ITEM_NOT_FOUND, "no such node"));
                else answer(iq, ns.equals(Muc.DISCO_INFO) ? discoInfo() : discoItems(bySession.containsKey(from)));
            }
            case Muc.OWNER -> {
                if (affiliation != Affiliation.OWNER) reply(iq, StanzaError.of(Condition.FORBIDDEN, "only an owner may do that"));
                else if (type.equals("get")) answer(iq, Muc.query(Muc.OWNER, List.of(config.form(listOf(Affiliation.OWNER), listOf(Affiliation.ADMIN)))));
                else owner(from, iq, query);
            }
            case Muc.REGISTER -> register(from, iq, query);
            case MamResponses.MAM -> archiveRequest(from, iq, query);
            case Muc.ADMIN -> {
                if (type.equals("get")) adminList(from, iq, query);
                else admin(from, iq, query);
            }
            default -> reply(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE, "the room does not answer that"));
        }
        return true;
    }

    /** Self-ping (XEP-0410) answered here; other IQs go between occupants under their occupant JIDs. */
    private void occupantIq(Jid from, String nick, Element iq) {
        Occupant sender = bySession.get(from);
        String type = iq.attr("type");
        boolean request = type.equals("get") || type.equals("set");
        if (sender == null) {
            // XEP-0410: a self-ping from outside is not-acceptable; any other query of an occupant from outside is bad-request
            boolean ping = iq.firstElement().map(p -> p.namespace().equals(Muc.PING)).orElse(false);
            if (request) reply(iq, StanzaError.of(ping ? Condition.NOT_ACCEPTABLE : Condition.BAD_REQUEST, "you are not in this room"));
            return;
        }
        Occupant target = byNick.get(nick);
        if (target == null) {
            if (request) reply(iq, StanzaError.of(Condition.ITEM_NOT_FOUND, "no occupant has that nickname"));
            return;
        }
        if (target == sender && request && iq.firstElement().map(p -> p.namespace().equals(Muc.PING)).orElse(false)) {
            answer(iq, null);
            return;
        }
        Jid session = target.sessions.keySet().iterator().next();
        router.route(occupantJid(sender), session, iq.withAttr("from", occupantJid(sender).toString()).withAttr("to", session.toString()));
    }

    /** The occupants, by room JID (section 6.5), for anyone in a public room and for occupants in a hidden one. */
    private Element discoItems(boolean askerIsIn) {
        List<Element> items = new ArrayList<>();
        if (config.publicRoom() || askerIsIn)
            for (Occupant o : byNick.values()) items.add(Element.of("item").withAttr("jid", occupantJid(o).toString()));
        return Muc.query(Muc.DISCO_ITEMS, items);
    }

    private Element discoInfo() {
        List<Element> children = new ArrayList<>();
        children.add(Muc.identity("conference", "text", config.name().isEmpty() ? jid.localpart() : config.name()));
        for (String f : List.of(Muc.NS, Muc.DISCO_INFO, Muc.DISCO_ITEMS, Muc.OCCUPANT_ID, Muc.SELF_PING, Muc.REGISTER,
                config.publicRoom() ? "muc_public" : "muc_hidden", config.persistent() ? "muc_persistent" : "muc_temporary",
                config.membersOnly() ? "muc_membersonly" : "muc_open", config.moderated() ? "muc_moderated" : "muc_unmoderated",
                config.whoisAnyone() ? "muc_nonanonymous" : "muc_semianonymous",
                config.passwordProtected() ? "muc_passwordprotected" : "muc_unsecured"))
            children.add(Muc.feature(f));
        if (config.archiving()) List.of(MamResponses.MAM, MamResponses.MAM_EXTENDED).forEach(f -> children.add(Muc.feature(f)));
        Element.Builder form = Element.builder("x").xmlns(RoomConfig.DATA).attr("type", "result")
                .child(RoomConfig.field("FORM_TYPE", "hidden", null, List.of(Muc.ROOMINFO)))
                .child(RoomConfig.field("muc#roominfo_description", null, "Description", List.of(config.description())))
                .child(RoomConfig.field("muc#roominfo_occupants", null, "Occupants", List.of(Integer.toString(byNick.size()))))
                .child(RoomConfig.field("muc#roominfo_subject", null, "Subject",
                        List.of(subject == null ? "" : subject.child("subject").map(Element::text).orElse(""))))
                .child(RoomConfig.field("muc#roomconfig_roomname", null, "Name", List.of(config.name())))
                .child(RoomConfig.field("muc#roominfo_changesubject", null, "Occupants may change the subject",
                        List.of(config.changeSubject() ? "1" : "0")))
                .child(RoomConfig.field("muc#maxhistoryfetch", null, "History kept", List.of(Integer.toString(config.historyLength()))));
        children.add(form.build());
        return Muc.query(Muc.DISCO_INFO, children);
    }

    // ---- the room's archive (XEP-0313 section 4.1.2 and XEP-0045's archives) ----

    /**
     * A request to the archive: a query or its form, or the archive's metadata (XEP-0313 section 6);
     * for occupants, and for members of a members-only room. Preferences are not a room's: its owner
     * switches its archive in its configuration.
     */
    private void archiveRequest(Jid from, Element iq, Element request) {
        if (!config.archiving()) {
            reply(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE, "this room keeps no archive"));
            return;
        }
        Affiliation affiliation = affiliation(from.bare());
        boolean occupant = byNick.values().stream().anyMatch(o -> o.bare.equals(from.bare()));
        if (affiliation == Affiliation.OUTCAST || !(occupant || (config.membersOnly() && affiliation.atLeast(Affiliation.MEMBER)))) {
            reply(iq, StanzaError.of(Condition.FORBIDDEN, config.membersOnly() ? "only members search this room's archive"
                    : "join the room to search its archive"));
            return;
        }
        boolean get = iq.attr("type").equals("get");
        try {
            switch (request.name()) {
                case "query" -> {
                    if (get) answer(iq, MamResponses.queryForm());
                    else archiveQuery(from, iq, request, affiliation);
                }
                case "metadata" -> {
                    if (get) answer(iq, archive.metadata(jid));
                    else reply(iq, StanzaError.of(Condition.BAD_REQUEST, "metadata is read with a get"));
                }
                default -> reply(iq, StanzaError.of(Condition.FEATURE_NOT_IMPLEMENTED,
                        "the room's owner switches its archive in the room's configuration (muc#roomconfig_enablearchiving)"));
            }
        } catch (StanzaException e) {
            reply(iq, e.error());
        } catch (StorageException e) {
            log.log(System.Logger.Level.WARNING, "xmpp.mod.muc: the archive of {0} could not be read; check the database: {1}", jid, e.getMessage());
            reply(iq, StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "the archive cannot be read now"));
        }
    }

    /**
     * A query of the archive. Its {@code with} is an occupant JID ({@code room@service/nick}), or a
     * real JID (XEP-0313 section 4.1.1: the publisher) for those who may see real JIDs here.
     */
    private void archiveQuery(Jid from, Element iq, Element query, Affiliation affiliation) throws StanzaException, StorageException {
        MamRequest request = MamRequest.parse(query, RoomArchive.DEFAULT_PAGE, RoomArchive.MAX_PAGE);
        ArchiveQuery q = request.query();
        boolean seesRealJids = config.whoisAnyone() || affiliation.atLeast(Affiliation.ADMIN)
                || bySession.containsKey(from) && bySession.get(from).role == Role.MODERATOR;
        Optional<Jid> publisher = q.with().filter(with -> !with.bare().equals(jid));
        if (publisher.isPresent() && !seesRealJids)
            throw new StanzaException(Condition.FORBIDDEN, "only those who may see real JIDs in this room search by one");
        if (request.cursor().isPresent() && !archive.contains(jid, request.cursor().get()))
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no message " + request.cursor().get() + " in the archive");
        ArchivePage page = publisher.isPresent() ? archive.queryByPublisher(jid, q, publisher.get()) : archive.query(jid, q);
        for (ArchivedMessage m : page.messages()) {
            ArchivedMessage shown = seesRealJids ? m : new ArchivedMessage(m.archive(), m.id(), m.stamp(), m.with(), withoutRealJid(m.message()));
            router.route(jid, from, MamResponses.result(jid, from, request.queryId(), shown));
        }
        answer(iq, MamResponses.fin(page));
    }

    private static Element withoutRealJid(Element message) {
        List<Node> kept = new ArrayList<>();
        for (Node child : message.children())
            if (!(child instanceof Element e && e.name().equals("x") && e.namespace().equals(Muc.USER))) kept.add(child);
        return message.withChildren(kept);
    }

    // ---- registered nicks (section 7.10) ----

    /** The user who registered {@code nick} in this room, or null. */
    private Jid registrant(String nick) {
        for (Map.Entry<Jid, String> e : registeredNicks.entrySet()) if (e.getValue().equals(nick)) return e.getKey();
        return null;
    }

    private Element reservedNick(Jid from) {
        String nick = registeredNicks.get(from.bare());
        return Muc.query(Muc.DISCO_INFO, nick == null ? List.of() : List.of(Muc.identity("conference", "text", nick)))
                .withAttr("node", Muc.RESERVED_NICK_NODE);
    }

    /** A nick registered makes a member (section 7.10): the form, or the nick already registered. */
    private void register(Jid from, Element iq, Element query) {
        Jid user = from.bare();
        if (affiliation(user) == Affiliation.OUTCAST) {
            reply(iq, StanzaError.of(Condition.FORBIDDEN, "you are banned from this room"));
            return;
        }
        if (iq.attr("type").equals("get")) {
            String nick = registeredNicks.get(user);
            answer(iq, nick != null
                    ? Muc.query(Muc.REGISTER, List.of(Element.of("registered"), Muc.text("username", nick)))
                    : Muc.query(Muc.REGISTER, List.of(Element.builder("x").xmlns(RoomConfig.DATA).attr("type", "form")
                            .child(RoomConfig.field("FORM_TYPE", "hidden", null, List.of(Muc.REGISTER_FORM)))
                            .child(RoomConfig.field("muc#register_roomnick", "text-single", "Nickname", List.of())).build())));
            return;
        }
        String nick = query.child("x", RoomConfig.DATA).map(RoomConfig::fieldsOf).map(f -> f.get("muc#register_roomnick"))
                .filter(v -> !v.isEmpty()).map(List::getFirst).orElse("").strip();
        if (nick.isEmpty()) {
            reply(iq, StanzaError.of(Condition.BAD_REQUEST, "fill in muc#register_roomnick"));
            return;
        }
        Jid registrant = registrant(nick);
        Occupant holder = byNick.get(nick);
        if ((registrant != null && !registrant.equals(user)) || (holder != null && !holder.bare.equals(user))) {
            reply(iq, StanzaError.of(Condition.CONFLICT, "that nickname is taken in this room"));
            return;
        }
        registeredNicks.put(user, nick);
        answer(iq, null);
        if (affiliation(user) == Affiliation.NONE) changeAffiliation(user, Affiliation.MEMBER, "", "");
        persist();
    }

    // ---- owner (section 10) ----

    private void owner(Jid from, Element iq, Element query) {
        Optional<Element> destroy = query.child("destroy");
        if (destroy.isPresent()) {
            destroy(destroy.get());
            answer(iq, null);
            return;
        }
        Optional<Element> x = query.child("x", RoomConfig.DATA);
        if (x.isEmpty()) {
            reply(iq, StanzaError.of(Condition.BAD_REQUEST, "send a form or a destroy element"));
            return;
        }
        if (x.get().attr("type").equals("cancel")) {
            answer(iq, null);
            if (locked) destroy(Element.of("destroy"));   // a new room whose creation is cancelled goes (section 10.1.3)
            return;
        }
        if (!x.get().attr("type").equals("submit")) {
            reply(iq, StanzaError.of(Condition.BAD_REQUEST, "a configuration form is of type submit or cancel"));
            return;
        }
        Map<String, List<String>> fields = RoomConfig.fieldsOf(x.get());
        RoomConfig next;
        List<Jid> owners;
        List<Jid> admins;
        try {
            next = config.submitted(fields, limits.maxUsers(), limits.maxHistory());
            owners = jids(fields.get("muc#roomconfig_roomowners"));
            admins = jids(fields.get("muc#roomconfig_roomadmins"));
        } catch (IllegalArgumentException e) {
            reply(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, e.getMessage()));
            return;
        }
        if (owners != null && owners.isEmpty()) {
            reply(iq, StanzaError.of(Condition.CONFLICT, "a room keeps at least one owner"));
            return;
        }
        boolean wasLocked = locked;
        boolean wasPersistent = config.persistent() && !locked;
        boolean becameMembersOnly = next.membersOnly() && !config.membersOnly();
        boolean archivingChanged = next.archiving() != config.archiving();
        config = next;
        locked = false;
        history.trim(config.historyLength());
        if (owners != null) replaceList(Affiliation.OWNER, owners);
        if (admins != null) replaceList(Affiliation.ADMIN, admins);
        if (config.persistent()) persist();
        else if (wasPersistent) keeper.forget(jid);
        answer(iq, null);
        if (becameMembersOnly)
            for (Occupant o : List.copyOf(byNick.values()))
                if (!affiliation(o.bare).atLeast(Affiliation.MEMBER)) expel(o, Muc.MEMBERS_ONLY_NOW, "", "", null);
        if (!wasLocked) {
            Element.Builder status = Element.builder("x").xmlns(Muc.USER).child(Muc.status(Muc.CONFIG_CHANGED));
            if (archivingChanged) status.child(Muc.status(config.archiving() ? Muc.LOGGED : Muc.NOT_LOGGED));   // section 10.2.1
            toAll(Element.builder("message").attr("type", "groupchat").attr("from", jid.toString()).child(status.build()).build());
        }
    }

    private void replaceList(Affiliation affiliation, List<Jid> jids) {
        List<Jid> before = new ArrayList<>();
        affiliations.forEach((j, a) -> {
            if (a == affiliation && !jids.contains(j)) before.add(j);
        });
        for (Jid j : before) changeAffiliation(j, Affiliation.NONE, "", "");
        for (Jid j : jids) changeAffiliation(j, affiliation, "", "");
    }

    /** The service stops (section 15, status 332): everyone leaves; a persistent room stays stored. */
    synchronized void shutDown() {
        for (Occupant o : List.copyOf(byNick.values())) expel(o, Muc.SHUTDOWN, "", "", null);
        gone = true;
    }

    /** Destroys the room from outside (the shell); false if it is gone already. */
    synchronized boolean destroy(String reason) {
        if (gone) return false;
        destroy(Element.builder("destroy").child(Muc.text("reason", reason)).build());
        return true;
    }

    private void destroy(Element destroy) {
        Element.Builder d = Element.builder("destroy");
        destroy.findAttr("jid").ifPresent(j -> d.attr("jid", j));
        destroy.child("reason").ifPresent(d::child);
        destroy.child("password").ifPresent(d::child);
        for (Occupant o : List.copyOf(byNick.values())) expel(o, 0, "", "", d.build());
        gone = true;
        keeper.forget(jid);
        archive.delete(jid);
    }

    // ---- admin (sections 8 and 9) ----

    private void adminList(Jid from, Element iq, Element query) {
        Element item = query.child("item").orElse(null);
        if (item == null) {
            reply(iq, StanzaError.of(Condition.BAD_REQUEST, "ask for one affiliation or one role"));
            return;
        }
        Affiliation asker = affiliation(from.bare());
        Occupant occupant = bySession.get(from);
        List<Element> items = new ArrayList<>();
        Optional<Affiliation> affiliation = Affiliation.parse(item.attr("affiliation"));
        Optional<Role> role = Role.parse(item.attr("role"));
        if (affiliation.isPresent() && affiliation.get() != Affiliation.NONE) {
            if (!asker.atLeast(Affiliation.ADMIN)) {
                reply(iq, StanzaError.of(Condition.FORBIDDEN, "only admins and owners see the affiliation lists"));
                return;
            }
            affiliations.forEach((j, a) -> {
                if (a == affiliation.get())
                    items.add(Element.builder("item").attr("affiliation", a.value()).attr("jid", j.toString()).build());
            });
        } else if (role.isPresent() && (role.get() == Role.MODERATOR || role.get() == Role.PARTICIPANT || role.get() == Role.VISITOR)) {
            if (occupant == null || occupant.role != Role.MODERATOR) {
                reply(iq, StanzaError.of(Condition.FORBIDDEN, "only moderators see the role lists"));
                return;
            }
            for (Occupant o : byNick.values())
                if (o.role == role.get())
                    items.add(Element.builder("item").attr("nick", o.nick).attr("role", o.role.value())
                            .attr("affiliation", affiliation(o.bare).value()).attr("jid", o.bare.toString()).build());
        } else {
            reply(iq, StanzaError.of(Condition.BAD_REQUEST, "no such list"));
            return;
        }
        answer(iq, Muc.query(Muc.ADMIN, items));
    }

    private record Change(Occupant occupant, Jid target, Role role, Affiliation affiliation, String reason) {
    }

    private void admin(Jid from, Element iq, Element query) {
        Affiliation actor = affiliation(from.bare());
        Occupant actorOccupant = bySession.get(from);
        Role actorRole = actorOccupant == null ? Role.NONE : actorOccupant.role;
        List<Change> changes = new ArrayList<>();
        for (Element item : query.elements()) {
            if (!item.name().equals("item")) continue;
            String reason = item.child("reason").map(Element::text).orElse("");
            Optional<StanzaError> refused;
            if (item.hasAttr("affiliation")) {
                Optional<Affiliation> to = Affiliation.parse(item.attr("affiliation"));
                Optional<Jid> target = item.hasAttr("jid") ? Jid.parse(item.attr("jid")).map(Jid::bare)
                        : Optional.ofNullable(byNick.get(item.attr("nick"))).map(o -> o.bare);
                if (to.isEmpty() || target.isEmpty()) {
                    reply(iq, StanzaError.of(Condition.BAD_REQUEST, "an affiliation change names a known affiliation and a JID"));
                    return;
                }
                refused = mayChangeAffiliation(actor, affiliation(target.get()), to.get(), target.get());
                if (refused.isEmpty()) changes.add(new Change(null, target.get(), null, to.get(), reason));
            } else if (item.hasAttr("role")) {
                Optional<Role> to = Role.parse(item.attr("role"));
                Occupant target = byNick.get(item.attr("nick"));
                if (to.isEmpty()) {
                    reply(iq, StanzaError.of(Condition.BAD_REQUEST, "no such role: " + item.attr("role")));
                    return;
                }
                if (target == null) {
                    reply(iq, StanzaError.of(Condition.ITEM_NOT_FOUND, "no occupant has that nickname"));
                    return;
                }
                refused = mayChangeRole(actor, actorRole, target, to.get());
                if (refused.isEmpty()) changes.add(new Change(target, null, to.get(), null, reason));
            } else {
                refused = Optional.of(StanzaError.of(Condition.BAD_REQUEST, "an item changes a role or an affiliation"));
            }
            if (refused.isPresent()) {
                reply(iq, refused.get());
                return;
            }
        }
        String actorNick = actorOccupant == null ? "" : actorOccupant.nick;
        answer(iq, null);
        for (Change c : changes) {
            if (c.affiliation() != null) changeAffiliation(c.target(), c.affiliation(), actorNick, c.reason());
            else if (byNick.get(c.occupant().nick) == c.occupant()) changeRole(c.occupant(), c.role(), actorNick, c.reason());
        }
        if (changes.stream().anyMatch(c -> c.affiliation() != null)) persist();
    }

    private Optional<StanzaError> mayChangeAffiliation(Affiliation actor, Affiliation current, Affiliation to, Jid target) {
        if (actor == Affiliation.OWNER) {
            if (current == Affiliation.OWNER && to != Affiliation.OWNER && listOf(Affiliation.OWNER).size() == 1)
                return Optional.of(StanzaError.of(Condition.CONFLICT, "a room keeps at least one owner"));
            return Optional.empty();
        }
        if (actor == Affiliation.ADMIN && !current.atLeast(Affiliation.ADMIN) && !to.atLeast(Affiliation.ADMIN)) return Optional.empty();
        return Optional.of(StanzaError.of(actor.atLeast(Affiliation.ADMIN) ? Condition.NOT_ALLOWED : Condition.FORBIDDEN,
                "you may not make " + target + " " + to.value()));
    }

    private Optional<StanzaError> mayChangeRole(Affiliation actor, Role actorRole, Occupant target, Role to) {
        if (actorRole != Role.MODERATOR) return Optional.of(StanzaError.of(Condition.FORBIDDEN, "only moderators change roles"));
        Affiliation targetAffiliation = affiliation(target.bare);
        if (targetAffiliation.atLeast(Affiliation.ADMIN) && to != Role.MODERATOR)
            return Optional.of(StanzaError.of(Condition.NOT_ALLOWED, "an admin or owner keeps the moderator role"));
        if (targetAffiliation.compareTo(actor) > 0)
            return Optional.of(StanzaError.of(Condition.NOT_ALLOWED, "you may not change the role of someone above you"));
        if ((to == Role.MODERATOR || target.role == Role.MODERATOR) && !actor.atLeast(Affiliation.ADMIN))
            return Optional.of(StanzaError.of(Condition.NOT_ALLOWED, "only admins and owners grant or revoke moderation"));
        return Optional.empty();
    }

    private void changeRole(Occupant occupant, Role role, String actorNick, String reason) {
        if (role == Role.NONE) {
            expel(occupant, Muc.KICKED, actorNick, reason, null);
            return;
        }
        occupant.role = role;
        broadcastPresence(occupant, List.of());
    }

    private void changeAffiliation(Jid bare, Affiliation affiliation, String actorNick, String reason) {
        if (!affiliation.atLeast(Affiliation.MEMBER)) registeredNicks.remove(bare);   // a nick is reserved for members only
        if (affiliation == Affiliation.NONE) affiliations.remove(bare);
        else affiliations.put(bare, affiliation);
        for (Occupant o : List.copyOf(byNick.values())) {
            if (!o.bare.equals(bare)) continue;
            if (affiliation == Affiliation.OUTCAST) expel(o, Muc.BANNED, actorNick, reason, null);
            else if (config.membersOnly() && !affiliation.atLeast(Affiliation.MEMBER)) expel(o, Muc.AFFILIATION_LOST, actorNick, reason, null);
            else {
                o.role = affiliation.defaultRole(config.moderated());
                broadcastPresence(o, List.of());
            }
        }
    }

    // ---- building and sending ----

    private Affiliation affiliation(Jid bare) {
        return affiliations.getOrDefault(bare.bare(), Affiliation.NONE);
    }

    private List<String> listOf(Affiliation affiliation) {
        List<String> jids = new ArrayList<>();
        affiliations.forEach((j, a) -> {
            if (a == affiliation) jids.add(j.toString());
        });
        return jids;
    }

    private static List<Jid> jids(List<String> values) {
        if (values == null) return null;
        List<Jid> jids = new ArrayList<>();
        for (String v : values) {
            if (v.isBlank()) continue;
            jids.add(Jid.parse(v).orElseThrow(() -> new IllegalArgumentException("not a JID: " + v)).bare());
        }
        return jids;
    }

    private Jid occupantJid(Occupant o) {
        return jid.withResource(o.nick);
    }

    private void broadcastPresence(Occupant occupant, List<Integer> selfCodes) {
        for (Occupant r : byNick.values())
            for (Jid session : r.sessions.keySet())
                router.route(jid, session, presenceOf(occupant, session, r, r == occupant ? withSelf(selfCodes) : List.of()));
    }

    private static List<Integer> withSelf(List<Integer> codes) {
        List<Integer> all = new ArrayList<>(codes);
        all.add(Muc.SELF);
        return all;
    }

    private Element presenceOf(Occupant occupant, Jid to, Occupant recipient, List<Integer> codes) {
        Element.Builder p = Element.builder("presence").attr("from", occupantJid(occupant).toString()).attr("to", to.toString());
        for (Node child : stripped(occupant.presence()).children()) p.child(child);
        p.child(userX(occupant, recipient, affiliation(occupant.bare), occupant.role, null, "", "", null, codes));
        return p.child(occupantId(occupant)).build();
    }

    private Element unavailable(Occupant occupant, Jid to, Occupant recipient, List<Integer> codes, Affiliation affiliation, Role role,
                                String newNick, String actorNick, String reason, Element destroyOrPresence) {
        Element.Builder p = Element.builder("presence").attr("from", occupantJid(occupant).toString()).attr("to", to.toString())
                .attr("type", "unavailable");
        Element destroy = null;
        if (destroyOrPresence != null && destroyOrPresence.name().equals("presence"))
            destroyOrPresence.child("status").ifPresent(p::child);
        else destroy = destroyOrPresence;
        p.child(userX(occupant, recipient, affiliation == null ? affiliation(occupant.bare) : affiliation, role, newNick,
                actorNick == null ? "" : actorNick, reason == null ? "" : reason, destroy, codes));
        return p.child(occupantId(occupant)).build();
    }

    private Element userX(Occupant occupant, Occupant recipient, Affiliation affiliation, Role role, String newNick,
                          String actorNick, String reason, Element destroy, List<Integer> codes) {
        Element.Builder item = Element.builder("item").attr("affiliation", affiliation.value()).attr("role", role.value());
        if (config.whoisAnyone() || recipient == occupant || recipient.role == Role.MODERATOR)
            item.attr("jid", occupant.sessions.keySet().stream().reduce((a, b) -> b).orElseThrow().toString());
        if (newNick != null) item.attr("nick", newNick);
        if (!actorNick.isEmpty()) item.child(Element.of("actor").withAttr("nick", actorNick));
        if (!reason.isEmpty()) item.child(Muc.text("reason", reason));
        Element.Builder x = Element.builder("x").xmlns(Muc.USER).child(item.build());
        if (destroy != null) x.child(destroy);
        for (int code : codes) x.child(Muc.status(code));
        return x.build();
    }

    /** XEP-0421: the same id for the same user in this room, whatever her nick, that does not reveal who she is. */
    private Element occupantId(Occupant occupant) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (idSalt + '\n' + occupant.bare).getBytes(StandardCharsets.UTF_8));
            return Element.of("occupant-id", Muc.OCCUPANT_ID).withAttr("id", Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A client's stanza without what only the room may say: its addresses, MUC elements and occupant ids. */
    private static Element stripped(Element stanza) {
        Element.Builder b = Element.builder(stanza.name());
        stanza.findAttr("id").ifPresent(id -> b.attr("id", id));
        stanza.findAttr("type").ifPresent(t -> b.attr("type", t));
        stanza.findAttr("xml:lang").ifPresent(l -> b.attr("xml:lang", l));
        for (Node child : stanza.children())
            if (!(child instanceof Element e && (e.namespace().equals(Muc.NS) || e.namespace().equals(Muc.USER)
                    || e.namespace().equals(Muc.OCCUPANT_ID) || e.namespace().equals(MamResponses.SID))))
                b.child(child);
        return b.build();
    }

    private void toAll(Element stanza) {
        for (Occupant r : byNick.values())
            for (Jid session : r.sessions.keySet()) router.route(jid, session, stanza.withAttr("to", session.toString()));
    }

    /** A result, with {@code payload} if not null. */
    private void answer(Element iq, Element payload) {
        Element.Builder r = Element.builder("iq").attr("type", "result").attr("id", iq.attr("id"))
                .attr("from", iq.attr("to")).attr("to", iq.attr("from"));
        if (payload != null) r.child(payload);
        router.route(Jid.of(iq.attr("to")), Jid.of(iq.attr("from")), r.build());
    }

    private void reply(Element stanza, StanzaError error) {
        if (Stanzas.isError(stanza)) return;
        // A refused join comes back without the client's own elements: clients expect the error alone (XEP-0045 section 7.2.6).
        Element request = stanza.name().equals("presence") ? stanza.withChildren(List.of()) : stanza;
        router.route(Jid.of(stanza.attr("to")), Jid.of(stanza.attr("from")), Stanzas.errorReply(request, error));
    }
}
