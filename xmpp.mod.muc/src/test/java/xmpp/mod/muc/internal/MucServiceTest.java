package xmpp.mod.muc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.storage.ArchivePage;
import xmpp.core.storage.ArchiveQuery;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.RoomStore;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

class MucServiceTest {

    record Sent(Jid to, Element stanza) {
    }

    /** A room store in memory. */
    static final class Stored implements RoomStore {
        final Map<Jid, Element> rooms = new TreeMap<>();

        @Override
        public Map<Jid, Element> rooms(String serviceDomain) {
            return Map.copyOf(rooms);
        }

        @Override
        public void put(Jid room, Element state) {
            rooms.put(room, state);
        }

        @Override
        public void delete(Jid room) {
            rooms.remove(room);
        }
    }

    /** An archive in a list; filters and pages as the contract (tested on the real stores) says. */
    static final class ListArchive implements MessageArchive {
        final List<ArchivedMessage> messages = new ArrayList<>();
        final List<Thread> writers = new ArrayList<>();

        @Override
        public synchronized void append(List<ArchivedMessage> batch) {
            writers.add(Thread.currentThread());
            messages.addAll(batch);
        }

        @Override
        public ArchivePage query(Jid archive, ArchiveQuery q) {
            List<ArchivedMessage> matching = messages.stream().filter(m -> m.archive().equals(archive.bare()))
                    .filter(m -> q.with().isEmpty() || (q.with().get().isFull() ? m.with().equals(q.with().get()) : m.with().bare().equals(q.with().get())))
                    .filter(m -> q.ids().isEmpty() || q.ids().contains(m.id()))
                    .sorted(Comparator.comparingLong(ArchivedMessage::id)).toList();
            List<ArchivedMessage> range = matching.stream().filter(m -> q.cursor().isEmpty()
                    || (q.backwards() ? m.id() < q.cursor().get() : m.id() > q.cursor().get())).toList();
            List<ArchivedMessage> page = q.backwards()
                    ? range.subList(Math.max(0, range.size() - q.max()), range.size())
                    : range.subList(0, Math.min(q.max(), range.size()));
            return new ArchivePage(page, range.size() <= q.max(), matching.size());
        }

        @Override
        public boolean contains(Jid archive, long id) {
            return messages.stream().anyMatch(m -> m.archive().equals(archive.bare()) && m.id() == id);
        }

        @Override
        public int deleteBefore(Instant cutoff) {
            throw new UnsupportedOperationException("rooms keep their archives whole");
        }

        @Override
        public void delete(Jid archive) {
            messages.removeIf(m -> m.archive().equals(archive.bare()));
        }
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    final List<Sent> sent = new ArrayList<>();
    final Stored store = new Stored();
    final ListArchive archive = new ListArchive();
    final TestClock clock = new TestClock();
    MucService service = newService();
    final Jid juliet = Jid.of("juliet@localhost/balcony");
    final Jid romeo = Jid.of("romeo@localhost/garden");
    final Jid nurse = Jid.of("nurse@localhost/kitchen");

    MucService newService() {
        return new MucService(Jid.of("conference.localhost"), (from, to, stanza) -> sent.add(new Sent(to, stanza)),
                new MucService.Settings("Chat rooms", false, 2, 5, 10, 5, 2), "localhost"::equals,
                clock, store, archive);
    }

    @AfterEach
    void stopTheService() {
        service.shutDown();   // its archive writer too
    }

    void send(Jid from, String to, String xml) throws Exception {
        Element stanza = XmlStreams.parseElement(xml).withAttr("from", from.toString()).withAttr("to", to);
        service.route(from, Jid.of(to), stanza);
    }

    void join(Jid who, String room, String extra) throws Exception {
        send(who, room, "<presence><x xmlns='http://jabber.org/protocol/muc'>" + extra + "</x></presence>");
    }

    /** Juliet creates room@ as an instant room; what was sent so far is forgotten. */
    void instantRoom() throws Exception {
        join(juliet, "room@conference.localhost/juliet", "");
        configure("");
        sent.clear();
    }

    void configure(String fields) throws Exception {
        send(juliet, "room@conference.localhost", "<iq type='set' id='c'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                + "<x xmlns='jabber:x:data' type='submit'>" + fields + "</x></query></iq>");
    }

    static String field(String var, String value) {
        return "<field var='" + var + "'><value>" + value + "</value></field>";
    }

    List<Element> to(Jid who) {
        return sent.stream().filter(s -> s.to().equals(who)).map(Sent::stanza).toList();
    }

    static List<String> codes(Element presence) {
        return presence.child("x", Muc.USER).map(x -> x.elements().stream().filter(e -> e.name().equals("status"))
                .map(e -> e.attr("code")).toList()).orElse(List.of());
    }

    static Optional<Element> item(Element presence) {
        return presence.child("x", Muc.USER).flatMap(x -> x.child("item"));
    }

    static String error(Element stanza) {
        return stanza.child("error").map(e -> e.elements().getFirst().name()).orElse("none");
    }

    @Test
    void theFirstJoinCreatesALockedRoomOwnedByItsCreator() throws Exception {
        join(juliet, "room@conference.localhost/juliet", "");
        Element self = to(juliet).getFirst();
        assertEquals("room@conference.localhost/juliet", self.attr("from"));
        assertTrue(codes(self).containsAll(List.of("201", "110")), self.toXml());
        assertEquals("owner", item(self).orElseThrow().attr("affiliation"));
        assertEquals("moderator", item(self).orElseThrow().attr("role"));
        assertTrue(to(juliet).getLast().child("subject").isPresent(), "the subject comes last, empty");

        join(romeo, "room@conference.localhost/romeo", "");
        assertEquals("item-not-found", error(to(romeo).getFirst()), "locked until configured");

        configure("");   // an instant room
        assertEquals("result", to(juliet).getLast().attr("type"));
        join(romeo, "room@conference.localhost/romeo", "");
        List<Element> romeoGot = to(romeo).subList(1, to(romeo).size());
        assertEquals("room@conference.localhost/juliet", romeoGot.get(0).attr("from"), "occupants first");
        assertEquals(List.of("110"), codes(romeoGot.get(1)), "then himself");
        assertFalse(item(romeoGot.get(0)).orElseThrow().hasAttr("jid"), "semi-anonymous: no real JIDs for participants");
        assertEquals("romeo@localhost/garden", item(to(juliet).getLast()).orElseThrow().attr("jid"), "moderators see them");
    }

    @Test
    void messagesAreReflectedToEveryoneAndKeptAsHistory() throws Exception {
        instantRoom();
        join(romeo, "room@conference.localhost/romeo", "");
        for (int i = 1; i <= 3; i++)
            send(romeo, "room@conference.localhost", "<message type='groupchat' id='m" + i + "'><body>hello " + i + "</body></message>");
        Element echo = to(romeo).getLast();
        assertEquals("room@conference.localhost/romeo", echo.attr("from"));
        assertEquals("m3", echo.attr("id"));
        assertTrue(echo.child("occupant-id", Muc.OCCUPANT_ID).isPresent());
        assertEquals("hello 3", to(juliet).getLast().child("body").orElseThrow().text());

        sent.clear();
        join(nurse, "room@conference.localhost/nurse", "<history maxstanzas='2'/>");
        List<Element> history = to(nurse).stream().filter(m -> m.name().equals("message") && m.child("body").isPresent()).toList();
        assertEquals(List.of("hello 2", "hello 3"), history.stream().map(m -> m.child("body").orElseThrow().text()).toList());
        assertEquals("2026-01-01T00:00:00Z", history.getFirst().child("delay", Muc.DELAY).orElseThrow().attr("stamp"));
    }

    @Test
    void joinsAreRefusedForTakenNicksWrongPasswordsNonMembersAndAFullRoom() throws Exception {
        instantRoom();
        join(romeo, "room@conference.localhost/juliet", "");
        assertEquals("conflict", error(to(romeo).getLast()));
        join(Jid.of("juliet@localhost/phone"), "room@conference.localhost/juliet", "");
        assertEquals(List.of("110"), codes(to(Jid.of("juliet@localhost/phone")).stream().filter(p -> p.name().equals("presence")).toList().getLast()),
                "the same user may share her nick from a second client");

        configure(field("muc#roomconfig_passwordprotectedroom", "1") + field("muc#roomconfig_roomsecret", "s3cret"));
        join(romeo, "room@conference.localhost/romeo", "<password>wrong</password>");
        assertEquals("not-authorized", error(to(romeo).getLast()));
        join(romeo, "room@conference.localhost/romeo", "<password>s3cret</password>");
        assertEquals(List.of("110"), codes(to(romeo).stream().filter(p -> p.name().equals("presence")).toList().getLast()));

        configure(field("muc#roomconfig_membersonly", "1"));
        assertEquals(List.of("322", "110"), codes(to(romeo).getLast()), "a non-member leaves a room gone members-only");
        join(nurse, "room@conference.localhost/nurse", "<password>s3cret</password>");
        assertEquals("registration-required", error(to(nurse).getLast()));
    }

    @Test
    void moderatorsKickAndBanAndTheBannedCannotReturn() throws Exception {
        instantRoom();
        join(romeo, "room@conference.localhost/romeo", "");
        join(nurse, "room@conference.localhost/nurse", "");
        send(romeo, "room@conference.localhost", "<iq type='set' id='k0'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item nick='nurse' role='none'/></query></iq>");
        assertEquals("forbidden", error(to(romeo).getLast()), "participants kick nobody");

        send(juliet, "room@conference.localhost", "<iq type='set' id='k1'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item nick='nurse' role='none'><reason>noise</reason></item></query></iq>");
        Element kicked = to(nurse).getLast();
        assertEquals("unavailable", kicked.attr("type"));
        assertEquals(List.of("307", "110"), codes(kicked));
        assertEquals("noise", item(kicked).orElseThrow().child("reason").orElseThrow().text());
        assertEquals("juliet", item(kicked).orElseThrow().child("actor").orElseThrow().attr("nick"));
        assertEquals(List.of("307"), codes(to(romeo).getLast()));

        send(juliet, "room@conference.localhost", "<iq type='set' id='b1'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item jid='romeo@localhost' affiliation='outcast'/></query></iq>");
        assertEquals(List.of("301", "110"), codes(to(romeo).getLast()));
        join(romeo, "room@conference.localhost/romeo", "");
        assertEquals("forbidden", error(to(romeo).getLast()));
        send(juliet, "room@conference.localhost", "<iq type='get' id='l1'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item affiliation='outcast'/></query></iq>");
        assertEquals("romeo@localhost", to(juliet).getLast().firstElement().orElseThrow().child("item").orElseThrow().attr("jid"));
        send(juliet, "room@conference.localhost", "<iq type='set' id='o1'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item jid='juliet@localhost' affiliation='member'/></query></iq>");
        assertEquals("conflict", error(to(juliet).getLast()), "the last owner stays");
    }

    @Test
    void privateMessagesFollowTheRoomsPolicy() throws Exception {
        instantRoom();
        join(romeo, "room@conference.localhost/romeo", "");
        send(romeo, "room@conference.localhost/juliet", "<message type='chat'><body>psst</body></message>");
        Element pm = to(juliet).getLast();
        assertEquals("room@conference.localhost/romeo", pm.attr("from"));
        assertEquals("psst", pm.child("body").orElseThrow().text());
        send(nurse, "room@conference.localhost/juliet", "<message type='chat'><body>hi</body></message>");
        assertEquals("not-acceptable", error(to(nurse).getLast()), "only occupants");
        configure(field("muc#roomconfig_allowpm", "moderators"));
        send(romeo, "room@conference.localhost/juliet", "<message type='chat'><body>psst</body></message>");
        assertEquals("forbidden", error(to(romeo).getLast()));
    }

    @Test
    void theOwnerAloneConfiguresAndDestroysWithAnAlternateVenue() throws Exception {
        instantRoom();
        join(romeo, "room@conference.localhost/romeo", "");
        send(romeo, "room@conference.localhost", "<iq type='get' id='f'><query xmlns='http://jabber.org/protocol/muc#owner'/></iq>");
        assertEquals("forbidden", error(to(romeo).getLast()));
        send(juliet, "room@conference.localhost", "<iq type='get' id='f'><query xmlns='http://jabber.org/protocol/muc#owner'/></iq>");
        Element form = to(juliet).getLast().firstElement().orElseThrow().child("x", "jabber:x:data").orElseThrow();
        assertTrue(form.elements().stream().anyMatch(f -> f.attr("var").equals("muc#roomconfig_whois")));

        send(juliet, "room@conference.localhost", "<iq type='set' id='d'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                + "<destroy jid='other@conference.localhost'><reason>moved</reason></destroy></query></iq>");
        Element gone = to(romeo).getLast();
        assertEquals("unavailable", gone.attr("type"));
        Element destroy = gone.child("x", Muc.USER).orElseThrow().child("destroy").orElseThrow();
        assertEquals("other@conference.localhost", destroy.attr("jid"));
        assertEquals("moved", destroy.child("reason").orElseThrow().text());
        assertTrue(service.occupancy().isEmpty());
        send(romeo, "room@conference.localhost", "<message type='groupchat'><body>anyone?</body></message>");
        assertEquals("item-not-found", error(to(romeo).getLast()));
    }

    @Test
    void theServiceAndItsRoomsAnswerDiscovery() throws Exception {
        instantRoom();
        send(romeo, "conference.localhost", "<iq type='get' id='i'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        Element info = to(romeo).getLast().firstElement().orElseThrow();
        assertEquals("conference", info.child("identity").orElseThrow().attr("category"));
        assertTrue(info.elements().stream().anyMatch(f -> f.attr("var").equals(Muc.NS)));
        send(romeo, "conference.localhost", "<iq type='get' id='i'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>");
        assertEquals("room@conference.localhost", to(romeo).getLast().firstElement().orElseThrow().child("item").orElseThrow().attr("jid"));
        send(romeo, "room@conference.localhost", "<iq type='get' id='i'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        Element room = to(romeo).getLast().firstElement().orElseThrow();
        assertTrue(room.elements().stream().anyMatch(f -> f.attr("var").equals("muc_semianonymous")));
        assertEquals(Muc.ROOMINFO, room.child("x", "jabber:x:data").orElseThrow().elements().getFirst().elements().getFirst().text());
        send(romeo, "none@conference.localhost", "<iq type='get' id='i'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        assertEquals("item-not-found", error(to(romeo).getLast()));
    }

    @Test
    void aTemporaryRoomGoesWithItsLastOccupantAndSelfPingTellsWhoIsIn() throws Exception {
        instantRoom();
        send(juliet, "room@conference.localhost/juliet", "<iq type='get' id='p'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertEquals("result", to(juliet).getLast().attr("type"));
        send(romeo, "room@conference.localhost/juliet", "<iq type='get' id='p'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertEquals("not-acceptable", error(to(romeo).getLast()));
        send(juliet, "room@conference.localhost/juliet", "<presence type='unavailable'/>");
        assertEquals(List.of("110"), codes(to(juliet).getLast()));
        assertTrue(service.occupancy().isEmpty());
    }

    @Test
    void roomCreationIsForLocalUsersWithinTheirLimit() throws Exception {
        Jid stranger = Jid.of("mallory@elsewhere.example/x");
        join(stranger, "evil@conference.localhost/m", "");
        assertEquals("not-allowed", error(to(stranger).getLast()));
        join(juliet, "a@conference.localhost/j", "");
        join(juliet, "b@conference.localhost/j", "");
        send(juliet, "c@conference.localhost/j", "<presence id='j3'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        Element refused = to(juliet).getLast();
        assertEquals("policy-violation", error(refused));
        assertEquals("c@conference.localhost/j", refused.attr("from"));
        assertEquals("j3", refused.attr("id"));
        assertEquals(2, service.occupancy().size());
    }

    @Test
    void withCreationForAdminsOnlyTheServiceAdminsCreateAndWithoutTheRoomLimit() throws Exception {
        service = new MucService(Jid.of("conference.localhost"), (from, to, stanza) -> sent.add(new Sent(to, stanza)),
                new MucService.Settings("Chat rooms", MucService.Creators.ADMINS, Set.of(juliet.bare()), 2, 5, 10, 5, 2, false),
                "localhost"::equals, clock, store, archive);
        join(romeo, "his@conference.localhost/romeo", "");
        assertEquals("not-allowed", error(to(romeo).getLast()));
        for (String room : List.of("a", "b", "c")) join(juliet, room + "@conference.localhost/juliet", "");
        assertEquals(Set.of("a@conference.localhost", "b@conference.localhost", "c@conference.localhost"), service.occupancy().keySet());
        send(juliet, "a@conference.localhost", "<iq type='set' id='c'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                + "<x xmlns='jabber:x:data' type='submit'/></query></iq>");
        join(romeo, "a@conference.localhost/romeo", "");
        assertEquals(2, service.occupancy().get("a@conference.localhost"), "anyone joins a room an admin made");
    }

    @Test
    void aPersistentRoomSurvivesARestartWithItsConfigurationAffiliationsAndSubjectButNoOccupants() throws Exception {
        join(juliet, "room@conference.localhost/juliet", "");
        assertTrue(store.rooms.isEmpty(), "a room is stored once configured persistent");
        configure(field("muc#roomconfig_persistentroom", "1") + field("muc#roomconfig_roomname", "Verona")
                + field("muc#roomconfig_membersonly", "1"));
        send(juliet, "room@conference.localhost", "<iq type='set' id='m'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item jid='romeo@localhost' affiliation='member'/></query></iq>");
        send(juliet, "room@conference.localhost", "<message type='groupchat'><subject>feud</subject></message>");
        String julietsId = to(juliet).getLast().child("occupant-id", Muc.OCCUPANT_ID).orElseThrow().attr("id");

        service = newService();   // the server restarts
        sent.clear();
        assertEquals(0, service.occupancy().get("room@conference.localhost"));
        join(nurse, "room@conference.localhost/nurse", "");
        assertEquals("registration-required", error(to(nurse).getLast()), "still members-only");
        join(romeo, "room@conference.localhost/romeo", "");
        assertEquals("feud", to(romeo).getLast().child("subject").orElseThrow().text());
        assertEquals("member", item(to(romeo).stream().filter(p -> p.name().equals("presence")).toList().getLast()).orElseThrow().attr("affiliation"));
        join(juliet, "room@conference.localhost/juliet", "");
        Element julietBack = to(juliet).stream().filter(p -> p.name().equals("presence")).toList().getLast();
        assertEquals("owner", item(julietBack).orElseThrow().attr("affiliation"));
        assertEquals(julietsId, julietBack.child("occupant-id", Muc.OCCUPANT_ID).orElseThrow().attr("id"), "XEP-0421: stable for the room");

        send(romeo, "room@conference.localhost/romeo", "<presence type='unavailable'/>");
        send(juliet, "room@conference.localhost/juliet", "<presence type='unavailable'/>");
        assertEquals(0, service.occupancy().get("room@conference.localhost"), "an empty persistent room stays");
        join(juliet, "room@conference.localhost/juliet", "");
        send(juliet, "room@conference.localhost", "<iq type='set' id='d'><query xmlns='http://jabber.org/protocol/muc#owner'><destroy/></query></iq>");
        assertTrue(store.rooms.isEmpty(), "destroyed, forgotten");
    }

    @Test
    void anOccupantSendingFasterThanTheRateIsToldToWait() throws Exception {
        instantRoom();
        for (int i = 0; i < 4; i++) send(juliet, "room@conference.localhost", "<message type='groupchat'><body>" + i + "</body></message>");
        assertEquals("none", error(to(juliet).getLast()), "a burst of twice the rate passes");
        send(juliet, "room@conference.localhost", "<message type='groupchat' id='x'><body>too fast</body></message>");
        assertEquals("resource-constraint", error(to(juliet).getLast()));
        assertEquals("wait", to(juliet).getLast().child("error").orElseThrow().attr("type"));
        clock.now = clock.now.plusSeconds(1);
        send(juliet, "room@conference.localhost", "<message type='groupchat'><body>later</body></message>");
        assertEquals("later", to(juliet).getLast().child("body").orElseThrow().text());
    }

    @Test
    void aRoomsItemsAreItsOccupantsAndOnlyOccupantsAskAnOccupant() throws Exception {
        instantRoom();
        send(romeo, "room@conference.localhost", "<iq type='get' id='i'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>");
        assertEquals("room@conference.localhost/juliet", to(romeo).getLast().firstElement().orElseThrow().child("item").orElseThrow().attr("jid"));
        send(romeo, "room@conference.localhost/juliet", "<iq type='get' id='o'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>");
        assertEquals("bad-request", error(to(romeo).getLast()));
    }

    @Test
    void aRegisteredNickIsReservedForItsOwner() throws Exception {
        instantRoom();
        send(romeo, "room@conference.localhost", "<iq type='get' id='r1'><query xmlns='jabber:iq:register'/></iq>");
        Element form = to(romeo).getLast().firstElement().orElseThrow().child("x", "jabber:x:data").orElseThrow();
        assertTrue(form.elements().stream().anyMatch(f -> f.attr("var").equals("muc#register_roomnick")));
        send(romeo, "room@conference.localhost", "<iq type='set' id='r2'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'>"
                + field("FORM_TYPE", "http://jabber.org/protocol/muc#register") + field("muc#register_roomnick", "romeo") + "</x></query></iq>");
        assertEquals("result", to(romeo).getLast().attr("type"));
        send(nurse, "room@conference.localhost", "<iq type='set' id='r3'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'>"
                + field("FORM_TYPE", "http://jabber.org/protocol/muc#register") + field("muc#register_roomnick", "romeo") + "</x></query></iq>");
        assertEquals("conflict", error(to(nurse).getLast()));
        join(nurse, "room@conference.localhost/romeo", "");
        assertEquals("conflict", error(to(nurse).getLast()), "reserved for romeo");
        send(romeo, "room@conference.localhost", "<iq type='get' id='r4'><query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>");
        assertEquals("romeo", to(romeo).getLast().firstElement().orElseThrow().child("identity").orElseThrow().attr("name"));
        join(romeo, "room@conference.localhost/romeo", "");
        assertEquals("member", item(to(romeo).stream().filter(p -> p.name().equals("presence")).toList().getLast()).orElseThrow().attr("affiliation"));
    }

    @Test
    void aVisitorAsksForVoiceAndAModeratorGrantsIt() throws Exception {
        join(juliet, "room@conference.localhost/juliet", "");
        configure(field("muc#roomconfig_moderatedroom", "1"));
        join(romeo, "room@conference.localhost/romeo", "");
        sent.clear();
        String request = field("FORM_TYPE", "http://jabber.org/protocol/muc#request") + field("muc#role", "participant");
        send(romeo, "room@conference.localhost", "<message><x xmlns='jabber:x:data' type='submit'>" + request + "</x></message>");
        Element form = to(juliet).getLast().child("x", "jabber:x:data").orElseThrow();
        assertEquals(List.of("romeo"), RoomConfig.fieldsOf(form).get("muc#roomnick"));
        send(juliet, "room@conference.localhost", "<message><x xmlns='jabber:x:data' type='submit'>" + request
                + field("muc#roomnick", "romeo") + field("muc#request_allow", "true") + "</x></message>");
        assertEquals("participant", item(to(romeo).getLast()).orElseThrow().attr("role"));
    }

    @Test
    void occupantsAreToldWhenTheServiceShutsDown() throws Exception {
        instantRoom();
        join(romeo, "room@conference.localhost/romeo", "");
        service.shutDown();
        assertEquals("unavailable", to(romeo).getLast().attr("type"));
        assertEquals(List.of("332", "110"), codes(to(romeo).getLast()));
        assertTrue(service.occupancy().isEmpty());
    }

    // ---- the room's archive (XEP-0313) ----

    /** Juliet creates room@ with its archive on, Romeo joins; what was sent so far is forgotten. */
    void archivedRoomWithRomeo() throws Exception {
        join(juliet, "room@conference.localhost/juliet", "");
        configure(field("muc#roomconfig_enablearchiving", "1"));
        join(romeo, "room@conference.localhost/romeo", "");
        sent.clear();
    }

    void say(Jid who, String body) throws Exception {
        clock.now = clock.now.plusSeconds(1);   // within the rate limit
        send(who, "room@conference.localhost", "<message type='groupchat'><body>" + body + "</body></message>");
    }

    /** Sends a MAM query of the archive as {@code who}; returns the results' forwarded messages and, last, the iq reply. */
    List<Element> query(Jid who, String inner) throws Exception {
        sent.clear();
        send(who, "room@conference.localhost", "<iq type='set' id='q'><query xmlns='urn:xmpp:mam:2' queryid='f1'>" + inner + "</query></iq>");
        List<Element> got = new ArrayList<>();
        for (Element m : to(who)) {
            Optional<Element> result = m.child("result", "urn:xmpp:mam:2");
            if (result.isEmpty()) {
                got.add(m);
                continue;
            }
            assertEquals("room@conference.localhost", m.attr("from"));
            assertEquals("f1", result.get().attr("queryid"));
            Element forwarded = result.get().child("forwarded", "urn:xmpp:forward:0").orElseThrow();
            assertTrue(forwarded.child("delay", "urn:xmpp:delay").isPresent(), m.toXml());
            got.add(forwarded.child("message").orElseThrow().withAttr("result-id", result.get().attr("id")));
        }
        return got;
    }

    static List<String> bodies(List<Element> answer) {
        return answer.subList(0, answer.size() - 1).stream().map(m -> m.child("body").orElseThrow().text()).toList();
    }

    static Element fin(List<Element> answer) {
        Element iq = answer.getLast();
        assertEquals("result", iq.attr("type"), iq.toXml());
        return iq.child("fin", "urn:xmpp:mam:2").orElseThrow();
    }

    static String rsm(Element fin, String name) {
        return fin.child("set", "http://jabber.org/protocol/rsm").orElseThrow().child(name).orElseThrow().text();
    }

    static final String RSM = "<set xmlns='http://jabber.org/protocol/rsm'>";

    @Test
    void anArchivedRoomStampsItsMessagesAndAnOccupantPagesThroughThemBothWays() throws Exception {
        archivedRoomWithRomeo();
        for (int i = 1; i <= 5; i++) say(i % 2 == 0 ? juliet : romeo, "m" + i);
        Element reflected = to(romeo).get(0);
        Element stanzaId = reflected.child("stanza-id", "urn:xmpp:sid:0").orElseThrow();
        assertEquals("room@conference.localhost", stanzaId.attr("by"));
        assertEquals(to(juliet).get(0).child("stanza-id", "urn:xmpp:sid:0").orElseThrow().attr("id"), stanzaId.attr("id"),
                "every occupant gets the same id");

        List<Element> first = query(romeo, RSM + "<max>2</max></set>");
        assertEquals(List.of("m1", "m2"), bodies(first));
        assertEquals("room@conference.localhost/romeo", first.getFirst().attr("from"), "as the room reflected it");
        assertEquals(stanzaId.attr("id"), first.getFirst().attr("result-id"));
        assertFalse(fin(first).hasAttr("complete"));
        assertEquals("5", rsm(fin(first), "count"));

        List<Element> next = query(romeo, RSM + "<max>2</max><after>" + rsm(fin(first), "last") + "</after></set>");
        assertEquals(List.of("m3", "m4"), bodies(next));
        List<Element> rest = query(romeo, RSM + "<max>2</max><after>" + rsm(fin(next), "last") + "</after></set>");
        assertEquals(List.of("m5"), bodies(rest));
        assertEquals("true", fin(rest).attr("complete"));

        List<Element> last = query(romeo, RSM + "<max>2</max><before/></set>");
        assertEquals(List.of("m4", "m5"), bodies(last), "backwards: the last page first");
        List<Element> earlier = query(romeo, RSM + "<max>3</max><before>" + rsm(fin(last), "first") + "</before></set>");
        assertEquals(List.of("m1", "m2", "m3"), bodies(earlier));
        assertEquals("true", fin(earlier).attr("complete"));

        List<Element> julietsOnly = query(romeo, "<x xmlns='jabber:x:data' type='submit'>" + field("FORM_TYPE", "urn:xmpp:mam:2")
                + field("with", "room@conference.localhost/juliet") + "</x>");
        assertEquals(List.of("m2", "m4"), bodies(julietsOnly), "with: an occupant's room JID");
    }

    @Test
    void subjectChangesAreArchivedAndReturnedWithTheirSubject() throws Exception {
        archivedRoomWithRomeo();
        say(romeo, "m1");
        clock.now = clock.now.plusSeconds(1);
        sent.clear();
        send(juliet, "room@conference.localhost", "<message type='groupchat'><subject>Verona</subject></message>");
        String subjectId = to(romeo).getFirst().child("stanza-id", "urn:xmpp:sid:0").orElseThrow().attr("id");
        say(romeo, "m2");

        List<Element> all = query(romeo, "");
        assertEquals(4, all.size(), "m1, the subject, m2 and the answer: " + all);
        Element subject = all.get(1);
        assertEquals("Verona", subject.child("subject").orElseThrow().text(), "XEP-0313 section 5.1.2: subject changes are kept");
        assertTrue(subject.child("body").isEmpty(), subject.toXml());
        assertEquals("room@conference.localhost/juliet", subject.attr("from"));
        assertEquals("groupchat", subject.attr("type"));
        assertEquals(subjectId, subject.attr("result-id"), "the id the occupants were given");
        assertEquals("3", rsm(fin(all), "count"));

        join(nurse, "room@conference.localhost/nurse", "");
        Element replayed = to(nurse).getLast();
        assertEquals("Verona", replayed.child("subject").orElseThrow().text(), "the subject still ends a join");
    }

    @Test
    void realJidsInTheArchiveAreForModeratorsOfASemiAnonymousRoom() throws Exception {
        archivedRoomWithRomeo();
        say(romeo, "hi");
        Element seenByRomeo = query(romeo, "").getFirst();
        assertTrue(item(seenByRomeo).isEmpty(), seenByRomeo.toXml());
        Element seenByJuliet = query(juliet, "").getFirst();
        assertEquals("romeo@localhost", item(seenByJuliet).orElseThrow().attr("jid"), "the owner moderates");
    }

    @Test
    void withARealJidFindsAUsersMessagesWhateverHerNickForThoseWhoMaySeeRealJids() throws Exception {
        archivedRoomWithRomeo();
        say(romeo, "a");
        send(romeo, "room@conference.localhost/montague", "<presence/>");
        say(romeo, "b");
        say(juliet, "c");
        String romeosMessages = "<x xmlns='jabber:x:data' type='submit'>" + field("FORM_TYPE", "urn:xmpp:mam:2")
                + field("with", "romeo@localhost") + "</x>";

        List<Element> all = query(juliet, romeosMessages);
        assertEquals(List.of("a", "b"), bodies(all), "XEP-0313 4.1.1: the publisher's real JID, whatever his nick");
        assertEquals("2", rsm(fin(all), "count"));
        List<Element> first = query(juliet, romeosMessages + RSM + "<max>1</max></set>");
        assertEquals(List.of("a"), bodies(first));
        assertFalse(fin(first).hasAttr("complete"));
        List<Element> next = query(juliet, romeosMessages + RSM + "<max>1</max><after>" + rsm(fin(first), "last") + "</after></set>");
        assertEquals(List.of("b"), bodies(next));
        assertEquals("true", fin(next).attr("complete"));
        List<Element> last = query(juliet, romeosMessages + RSM + "<max>1</max><before/></set>");
        assertEquals(List.of("b"), bodies(last), "backwards too");
        assertEquals(List.of("a", "b"), bodies(query(juliet, "<x xmlns='jabber:x:data' type='submit'>"
                + field("FORM_TYPE", "urn:xmpp:mam:2") + field("with", "romeo@localhost/garden") + "</x>")),
                "the room keeps a sender's bare JID: a full one matches as its bare JID");

        assertEquals("forbidden", error(query(romeo, "<x xmlns='jabber:x:data' type='submit'>" + field("FORM_TYPE", "urn:xmpp:mam:2")
                + field("with", "juliet@localhost") + "</x>").getLast()), "a participant of a semi-anonymous room may not ask who said what");
        configure(field("muc#roomconfig_whois", "anyone"));
        assertEquals(List.of("c"), bodies(query(romeo, "<x xmlns='jabber:x:data' type='submit'>" + field("FORM_TYPE", "urn:xmpp:mam:2")
                + field("with", "juliet@localhost") + "</x>")), "a non-anonymous room shows everyone real JIDs");
    }

    @Test
    void metadataNamesTheFirstAndLastMessageAndPreferencesAreTheRoomsConfiguration() throws Exception {
        archivedRoomWithRomeo();
        send(romeo, "room@conference.localhost", "<iq type='get' id='m'><metadata xmlns='urn:xmpp:mam:2'/></iq>");
        Element empty = to(romeo).getLast().child("metadata", "urn:xmpp:mam:2").orElseThrow();
        assertTrue(empty.elements().isEmpty(), "an empty archive has neither start nor end: " + empty.toXml());
        say(romeo, "m1");
        say(juliet, "m2");
        List<Element> all = query(romeo, "");
        sent.clear();
        send(romeo, "room@conference.localhost", "<iq type='get' id='m'><metadata xmlns='urn:xmpp:mam:2'/></iq>");
        Element metadata = to(romeo).getLast().child("metadata", "urn:xmpp:mam:2").orElseThrow();
        assertEquals(all.getFirst().attr("result-id"), metadata.child("start").orElseThrow().attr("id"));
        assertEquals(all.get(1).attr("result-id"), metadata.child("end").orElseThrow().attr("id"));
        assertEquals("2026-01-01T00:00:01Z", metadata.child("start").orElseThrow().attr("timestamp"));

        send(nurse, "room@conference.localhost", "<iq type='get' id='m'><metadata xmlns='urn:xmpp:mam:2'/></iq>");
        assertEquals("forbidden", error(to(nurse).getLast()), "the archive's edges are as private as the archive");
        send(juliet, "room@conference.localhost", "<iq type='get' id='p'><prefs xmlns='urn:xmpp:mam:2'/></iq>");
        assertEquals("feature-not-implemented", error(to(juliet).getLast()), "a room's archiving is its configuration");
    }

    @Test
    void messagesAreArchivedOffTheRoomsTurnInTheOrderTheRoomDeliveredThem() throws Exception {
        archivedRoomWithRomeo();
        List<String> said = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            say(i % 3 == 0 ? juliet : romeo, "m" + i);
            said.add("m" + i);
        }
        List<Element> all = query(romeo, RSM + "<max>100</max></set>");
        assertEquals(said, bodies(all), "every message, in order");
        assertFalse(archive.writers.contains(Thread.currentThread()), "the room's turn (here the test's thread) never writes");

        say(juliet, "last words");
        send(juliet, "room@conference.localhost", "<iq type='set' id='d'><query xmlns='http://jabber.org/protocol/muc#owner'><destroy/></query></iq>");
        assertTrue(archive.messages.isEmpty(), "a destroyed room's archive goes, with what was still queued for it");
    }

    @Test
    void outsidersAndRoomsWithoutArchiveAreRefused() throws Exception {
        archivedRoomWithRomeo();
        say(romeo, "secret");
        assertEquals("forbidden", error(query(nurse, "").getLast()), "not an occupant of an open room");
        send(juliet, "room@conference.localhost", "<iq type='set' id='a'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item affiliation='member' jid='nurse@localhost'/></query></iq>");
        configure(field("muc#roomconfig_membersonly", "1"));
        assertEquals(List.of("secret"), bodies(query(nurse, "")), "a member of a members-only room need not be in it");

        configure(field("muc#roomconfig_enablearchiving", "0"));
        Element changed = to(juliet).getLast();
        assertEquals(List.of("104", "171"), codes(changed), "the occupants are told the room is no longer logged");
        assertEquals("service-unavailable", error(query(romeo, "").getLast()));
        say(juliet, "off the record");
        Element reflected = to(juliet).getLast();
        assertEquals("off the record", reflected.child("body").orElseThrow().text());
        assertTrue(reflected.child("stanza-id", "urn:xmpp:sid:0").isEmpty(), reflected.toXml());
    }

    @Test
    void theRoomAdvertisesItsArchiveAndWarnsJoinersThatItIsLogged() throws Exception {
        instantRoom();
        send(romeo, "room@conference.localhost", "<iq type='get' id='i'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        assertFalse(features(to(romeo).getLast()).contains("urn:xmpp:mam:2"));
        configure(field("muc#roomconfig_enablelogging", "1"));   // the field Smack offers as public logging
        send(romeo, "room@conference.localhost", "<iq type='get' id='i'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        assertTrue(features(to(romeo).getLast()).containsAll(List.of("urn:xmpp:mam:2", "urn:xmpp:mam:2#extended")));
        join(romeo, "room@conference.localhost/romeo", "");
        Element self = to(romeo).stream().filter(p -> p.attr("from").equals("room@conference.localhost/romeo")).findFirst().orElseThrow();
        assertTrue(codes(self).contains("170"), self.toXml());
    }

    static List<String> features(Element discoReply) {
        return discoReply.firstElement().orElseThrow().elements().stream().filter(e -> e.name().equals("feature")).map(e -> e.attr("var")).toList();
    }

    @Test
    void aNewRoomKeepsAnArchiveWhenTheServiceSaysSoAndLosesItWhenDestroyed() throws Exception {
        service = new MucService(Jid.of("conference.localhost"), (from, to, stanza) -> sent.add(new Sent(to, stanza)),
                new MucService.Settings("Chat rooms", MucService.Creators.LOCAL, Set.of(), 2, 5, 10, 5, 2, true),
                "localhost"::equals, clock, store, archive);
        instantRoom();
        say(juliet, "kept");
        assertEquals(List.of("kept"), bodies(query(juliet, "")));
        send(juliet, "room@conference.localhost", "<iq type='set' id='d'><query xmlns='http://jabber.org/protocol/muc#owner'><destroy/></query></iq>");
        assertTrue(archive.messages.isEmpty());
    }
}
