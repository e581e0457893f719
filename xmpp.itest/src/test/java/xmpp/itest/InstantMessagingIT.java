package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import xmpp.c2s.internal.RawClient;
import xmpp.c2s.internal.TestServer;
import xmpp.core.xml.Element;

/**
 * RFC 6121 end to end: the exported server with its roster, presence and offline modules, and
 * Smack as the users' client. Each test has accounts of its own, so they do not see each other.
 */
public class InstantMessagingIT {

    private static final int OFFLINE_QUOTA = 5;
    private static final int ROSTER_LIMIT = 4;
    private static final AtomicInteger users = new AtomicInteger();
    private static ServerProcess server;
    @Rule
    public final OpenConnections open = new OpenConnections();

    @BeforeClass
    public static void start() throws Exception {
        Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.manual);   // the tests answer requests themselves
        server = new ServerProcess();
        Files.writeString(server.home.resolve("etc/xmpp.mod.offline.cfg"), "max.messages=" + OFFLINE_QUOTA + "\n");
        Files.writeString(server.home.resolve("etc/xmpp.mod.roster.cfg"), "max.items=" + ROSTER_LIMIT + "\n");
        server.started();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) server.close();
    }

    // ---- roster (RFC 6121 section 2)

    @Test
    public void aContactAddedOnOneResourceIsPushedToTheOther() throws Exception {
        String juliet = newUser();
        XMPPTCPConnection balcony = login(juliet, "balcony");
        XMPPTCPConnection chamber = login(juliet, "chamber");
        assertTrue("RFC 6121 2.6.1: versioning is announced", chamber.hasFeature("ver", "urn:xmpp:features:rosterver"));
        Roster seen = loadedRoster(chamber);
        BareJid nurse = bare(newUser());

        loadedRoster(balcony).createItem(nurse, "Nurse", new String[] {"Servants"});

        // Smack files an entry, then its groups: wait for both
        RosterEntry pushed = eventually(() -> seen.getEntry(nurse), e -> e != null && !e.getGroups().isEmpty());
        assertEquals("Nurse", pushed.getName());
        assertEquals("Servants", pushed.getGroups().get(0).getName());
        assertEquals(ItemType.none, pushed.getType());

        Roster own = loadedRoster(balcony);
        own.removeEntry(eventually(() -> own.getEntry(nurse), e -> e != null));
        eventually(() -> seen.getEntry(nurse) == null, gone -> gone);
        XMPPTCPConnection later = login(juliet, "later");
        assertNull("the removal is stored", loadedRoster(later).getEntry(nurse));
    }

    @Test
    public void rosterVersioningAnswersWithNothingWhenNothingChanged() throws Exception {
        String user = newUser();
        try (RawClient raw = raw(user, "raw")) {
            raw.send("<iq type='get' id='r1'><query xmlns='jabber:iq:roster' ver=''/></iq>");
            Element full = reply(raw, "r1");
            String ver = full.child("query", "jabber:iq:roster").orElseThrow().attr("ver");
            assertFalse("a client asking with ver gets a version", ver.isEmpty());

            raw.send("<iq type='get' id='r2'><query xmlns='jabber:iq:roster' ver='" + ver + "'/></iq>");
            Element same = reply(raw, "r2");
            assertEquals("result", same.attr("type"));
            assertTrue("RFC 6121 section 2.6.3: no roster when the client's is current", same.elements().isEmpty());

            raw.send("<iq type='set' id='r3'><query xmlns='jabber:iq:roster'><item jid='" + newUser() + "@localhost'/></query></iq>");
            Element push = reply(raw, null);
            String pushedVer = push.child("query", "jabber:iq:roster").orElseThrow().attr("ver");
            assertFalse("a push carries the new version", pushedVer.isEmpty() || pushedVer.equals(ver));
            raw.send("<iq type='result' id='" + push.attr("id") + "'/>");
            assertEquals("result", reply(raw, "r3").attr("type"));
        }
    }

    @Test
    public void wrongRosterSetsGetTheErrorsTheRfcNames() throws Exception {
        String user = newUser();
        try (RawClient raw = raw(user, "raw")) {
            raw.send("<iq type='get' id='load'><query xmlns='jabber:iq:roster'/></iq>");
            reply(raw, "load");
            String set = "<iq type='set' id='%s'><query xmlns='jabber:iq:roster'>%s</query></iq>";
            String[][] cases = {   // id, what is sent, the error RFC 6121 (or 6120) names
                    {"two", set.formatted("two", "<item jid='a@localhost'/><item jid='b@localhost'/>"), "bad-request"},
                    {"self", set.formatted("self", "<item jid='" + user + "@localhost'/>"), "not-allowed"},
                    {"bad", set.formatted("bad", "<item jid='@localhost'/>"), "bad-request"},
                    {"long", set.formatted("long", "<item jid='c@localhost' name='" + "n".repeat(1024) + "'/>"), "not-acceptable"},
                    {"empty", set.formatted("empty", "<item jid='c@localhost'><group></group></item>"), "not-acceptable"},
                    {"twice", set.formatted("twice", "<item jid='c@localhost'><group>G</group><group>G</group></item>"), "bad-request"},
                    {"gone", set.formatted("gone", "<item jid='nobody@localhost' subscription='remove'/>"), "item-not-found"},
                    {"sub", "<presence type='subscribe' id='sub' to='not@a@jid'/>", "jid-malformed"},
                    {"odd", "<presence type='dance' id='odd' to='admin@localhost'/>", "bad-request"},
                    {"other", "<iq type='get' id='other' to='admin@localhost'><query xmlns='jabber:iq:roster'/></iq>", "forbidden"},
            };
            for (String[] c : cases) {
                raw.send(c[1]);
                assertEquals(c[0], c[2], errorOf(reply(raw, c[0])));
            }
        }
    }

    @Test
    public void aFullRosterTakesNoNewItemButStillChanges() throws Exception {
        try (RawClient raw = raw(newUser(), "raw")) {
            for (int i = 0; i < ROSTER_LIMIT; i++) {
                raw.send("<iq type='set' id='add" + i + "'><query xmlns='jabber:iq:roster'><item jid='c" + i + "@localhost'/></query></iq>");
                assertEquals("result", reply(raw, "add" + i).attr("type"));
            }
            raw.send("<iq type='set' id='more'><query xmlns='jabber:iq:roster'><item jid='more@localhost'/></query></iq>");
            assertEquals("not-allowed", errorOf(reply(raw, "more")));
            raw.send("<iq type='set' id='rename'><query xmlns='jabber:iq:roster'><item jid='c0@localhost' name='Zero'/></query></iq>");
            assertEquals("an item already there may change", "result", reply(raw, "rename").attr("type"));
        }
    }

    // ---- subscriptions and presence (RFC 6121 sections 3 and 4)

    @Test
    public void theWholeSubscriptionHandshakeEndsInPresenceBothWays() throws Exception {
        String romeoName = newUser();
        String julietName = newUser();
        XMPPTCPConnection romeo = login(romeoName, "orchard");
        XMPPTCPConnection juliet = login(julietName, "balcony");
        Roster romeoRoster = loadedRoster(romeo);
        Roster julietRoster = loadedRoster(juliet);
        BareJid romeoJid = bare(romeoName);
        BareJid julietJid = bare(julietName);

        try (StanzaCollector requests = juliet.createStanzaCollector(presenceOf(romeoJid, Presence.Type.subscribe))) {
            romeoRoster.createItemAndRequestSubscription(julietJid, "Juliet", null);
            RosterEntry asked = eventually(() -> romeoRoster.getEntry(julietJid), e -> e != null && e.isSubscriptionPending());
            assertEquals("3.1.2: pushed with ask='subscribe'", ItemType.none, asked.getType());
            assertNotNull("3.1.3: the request reaches juliet", requests.nextResult(10_000));
        }
        send(juliet, Presence.Type.subscribed, romeoJid);   // 3.1.5: approve
        assertEquals(ItemType.from, eventually(() -> julietRoster.getEntry(romeoJid), e -> e != null && e.getType() == ItemType.from).getType());
        assertEquals(ItemType.to, eventually(() -> romeoRoster.getEntry(julietJid), e -> e.getType() == ItemType.to && !e.isSubscriptionPending()).getType());
        eventually(() -> romeoRoster.getPresence(julietJid).isAvailable(), yes -> yes);   // 3.1.5: her presence follows the approval

        send(juliet, Presence.Type.subscribe, romeoJid);   // and back
        eventually(() -> julietRoster.getEntry(romeoJid).isSubscriptionPending(), yes -> yes);
        send(romeo, Presence.Type.subscribed, julietJid);
        eventually(() -> romeoRoster.getEntry(julietJid).getType(), ItemType.both::equals);
        eventually(() -> julietRoster.getEntry(romeoJid).getType(), ItemType.both::equals);
        eventually(() -> julietRoster.getPresence(romeoJid).isAvailable(), yes -> yes);

        // 4.4: a change of presence reaches the subscriber
        romeo.sendStanza(romeo.getStanzaFactory().buildPresenceStanza().setMode(Presence.Mode.away).setStatus("walking").build());
        eventually(() -> julietRoster.getPresence(romeoJid).getStatus(), "walking"::equals);

        // 4.2 and 4.3: a new resource of juliet is announced to romeo, and learns of romeo by a probe
        // Without stream management: a session that may be resumed (XEP-0198) stays for minutes after its connection dies.
        XMPPTCPConnection garden = server.client("localhost", julietName, "pw", "garden", "SCRAM-SHA-1");
        garden.setUseStreamManagement(false);
        garden.connect().login();
        open.add(garden);
        eventually(() -> romeoRoster.getPresenceResource(JidCreate.fullFrom(julietName + "@localhost/garden")).isAvailable(), yes -> yes);
        Roster gardenRoster = loadedRoster(garden);
        eventually(() -> gardenRoster.getPresence(romeoJid).isAvailable(), yes -> yes);

        // 4.5: a connection that dies says unavailable for its user
        garden.instantShutdown();
        eventually(() -> romeoRoster.getPresenceResource(JidCreate.fullFrom(julietName + "@localhost/garden")).isAvailable(), no -> !no);
        assertTrue("juliet's other resource is still there", romeoRoster.getPresence(julietJid).isAvailable());

        // 3.3: romeo unsubscribes; juliet's presence no longer reaches him
        send(romeo, Presence.Type.unsubscribe, julietJid);
        eventually(() -> romeoRoster.getEntry(julietJid).getType(), ItemType.from::equals);
        eventually(() -> julietRoster.getEntry(romeoJid).getType(), ItemType.to::equals);
        eventually(() -> romeoRoster.getPresence(julietJid).isAvailable(), no -> !no);

        // 4.5: juliet, still subscribed to romeo, hears of his logout
        assertTrue(julietRoster.getPresence(romeoJid).isAvailable());
        romeo.disconnect();
        eventually(() -> julietRoster.getPresence(romeoJid).isAvailable(), no -> !no);

        // 4.3.2: her next login probes him; he is away, so the server answers unavailable for him
        try (RawClient raw = raw(julietName, "raw")) {
            raw.send("<presence/>");
            Element answer = next(raw, e -> e.name().equals("presence") && e.attr("from").startsWith(romeoName + "@"));
            assertEquals("unavailable", answer.attr("type"));
            assertEquals(romeoName + "@localhost", answer.attr("from"));
        }
    }

    @Test
    public void aSubscriptionRequestToAnOfflineUserWaitsForHerNextLogin() throws Exception {
        String julietName = newUser();
        XMPPTCPConnection romeo = login(newUser(), "orchard");
        send(romeo, Presence.Type.subscribe, bare(julietName));
        handled(romeo);
        XMPPTCPConnection juliet = server.client("localhost", julietName, "pw", "balcony", "SCRAM-SHA-1");
        Roster.getInstanceFor(juliet).setRosterLoadedAtLogin(false);
        open.add(juliet);
        try (StanzaCollector requests = juliet.createStanzaCollector(presenceOf(romeo.getUser().asBareJid(), Presence.Type.subscribe))) {
            juliet.connect().login();
            assertNotNull("3.1.3: kept, and delivered at initial presence", requests.nextResult(10_000));
        }
        assertNull("3.1.3: an unanswered request is no roster item", loadedRoster(juliet).getEntry(romeo.getUser().asBareJid()));
    }

    @Test
    public void directedPresenceIsUndoneWhenItsSenderGoes() throws Exception {
        XMPPTCPConnection romeo = login(newUser(), "orchard");
        XMPPTCPConnection friar = login(newUser(), "cell");
        try (StanzaCollector seen = friar.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createFull(romeo.getUser())))) {
            romeo.sendStanza(romeo.getStanzaFactory().buildPresenceStanza().to(friar.getUser()).build());
            Presence available = seen.nextResult(10_000);
            assertNotNull(available);
            assertEquals(Presence.Type.available, available.getType());
            romeo.disconnect();
            Presence gone = seen.nextResult(10_000);
            assertNotNull("4.6.3: whoever got directed presence hears of the logout", gone);
            assertEquals(Presence.Type.unavailable, gone.getType());
        }
    }

    @Test
    public void aProbeFromSomeoneWithoutSubscriptionLearnsNothing() throws Exception {
        String stranger = newUser();
        login(stranger, "here");
        try (RawClient raw = raw(newUser(), "raw")) {
            raw.send("<presence type='probe' id='p' to='" + stranger + "@localhost'/>");
            // Stanzas of one stream are handled in order: whatever the probe brings comes before this answer.
            raw.send("<iq type='get' id='after'><query xmlns='jabber:iq:roster'/></iq>");
            Element next = raw.next();
            assertEquals("4.3.2: no presence of " + stranger + " for a non-subscriber, got " + next, "after", next.attr("id"));
        }
    }

    // ---- offline messages (XEP-0160)

    @Test
    public void messagesWaitForTheirRecipientInOrderWithDelayStamps() throws Exception {
        String julietName = newUser();
        XMPPTCPConnection romeo = login(newUser(), "orchard");
        for (int i = 1; i <= 3; i++) sendMessage(romeo, bare(julietName), "line " + i);
        romeo.sendStanza(romeo.getStanzaFactory().buildMessageStanza().to(bare(julietName)).ofType(Message.Type.headline).setBody("not kept").build());
        handled(romeo);
        String stored = server.ctl("xmpp:roster " + julietName + "@localhost");
        assertTrue(stored, stored.strip().endsWith("3 offline message(s) waiting"));
        List<Message> got = receiveAtLogin(julietName, 4);
        assertEquals("only normal and chat messages are kept: " + got, 3, got.size());
        for (int i = 0; i < 3; i++) {
            assertEquals("line " + (i + 1), got.get(i).getBody());
            DelayInformation delay = DelayInformation.from(got.get(i));
            assertNotNull("XEP-0203 stamp on offline message " + (i + 1), delay);
            assertEquals("localhost", delay.getFrom());
        }
        assertTrue("delivered once", receiveAtLogin(julietName, 1).isEmpty());
    }

    @Test
    public void aFullOfflineStorageBouncesWithServiceUnavailable() throws Exception {
        String julietName = newUser();
        XMPPTCPConnection romeo = login(newUser(), "orchard");
        try (StanzaCollector errors = romeo.createStanzaCollector(MessageTypeFilter.ERROR)) {
            for (int i = 1; i <= OFFLINE_QUOTA + 2; i++) sendMessage(romeo, bare(julietName), "line " + i);
            for (int i = 0; i < 2; i++) {
                Message bounced = errors.nextResult(10_000);
                assertNotNull("message " + (OFFLINE_QUOTA + 1 + i) + " is bounced", bounced);
                assertEquals(StanzaError.Condition.service_unavailable, bounced.getError().getCondition());
            }
        }
        List<Message> kept = receiveAtLogin(julietName, OFFLINE_QUOTA + 1);
        assertEquals(OFFLINE_QUOTA, kept.size());
        assertEquals("line 1", kept.get(0).getBody());
        assertEquals("line " + OFFLINE_QUOTA, kept.get(OFFLINE_QUOTA - 1).getBody());
    }

    @Test
    public void offlineMessagesAndSubscriptionsOutliveARestart() throws Exception {
        String julietName = newUser();
        String romeoName = newUser();
        XMPPTCPConnection romeo = login(romeoName, "orchard");
        loadedRoster(romeo).createItem(bare(julietName), "Juliet", null);
        sendMessage(romeo, bare(julietName), "before the restart 1");
        sendMessage(romeo, bare(julietName), "before the restart 2");
        handled(romeo);
        romeo.disconnect();
        server.stop();
        server.started();
        List<Message> got = receiveAtLogin(julietName, 2);
        assertEquals(2, got.size());
        assertEquals("before the restart 1", got.get(0).getBody());
        assertEquals("before the restart 2", got.get(1).getBody());
        assertEquals("Juliet", loadedRoster(login(romeoName, "again")).getEntry(bare(julietName)).getName());
        assertTrue(server.ctl("xmpp:roster " + romeoName + "@localhost").startsWith(julietName + "@localhost none name 'Juliet'"));
    }

    @Test
    public void aRestartedRosterModuleStillPushesToClientsThatLoadedTheRosterBefore() throws Exception {
        String juliet = newUser();
        XMPPTCPConnection balcony = login(juliet, "balcony");
        Roster seen = loadedRoster(login(juliet, "chamber"));
        long rosterModule = server.bundleId("xmpp.mod.roster");
        server.ctl("stop " + rosterModule);
        server.ctl("start " + rosterModule);
        eventually(() -> server.ctl("xmpp:modules"), m -> m.contains("iq jabber:iq:roster"));
        BareJid nurse = bare(newUser());
        loadedRoster(balcony).createItem(nurse, "Nurse", null);
        assertEquals("Nurse", eventually(() -> seen.getEntry(nurse), e -> e != null).getName());
    }

    @Test
    public void theOfflineModuleStopsAndStartsWithoutDroppingSessions() throws Exception {
        String modules = server.ctl("xmpp:modules");
        assertTrue(modules, modules.contains("iq jabber:iq:roster scope sm host * no_queue"));
        assertTrue(modules, modules.contains("hook offline_message"));
        XMPPTCPConnection romeo = login(newUser(), "orchard");
        String julietName = newUser();
        long offlineModule = server.bundleId("xmpp.mod.offline");
        server.ctl("stop " + offlineModule);
        try (StanzaCollector errors = romeo.createStanzaCollector(MessageTypeFilter.ERROR)) {
            sendMessage(romeo, bare(julietName), "nobody keeps this");
            Message bounced = errors.nextResult(10_000);
            assertNotNull("without the module a message to an offline user bounces", bounced);
            assertEquals(StanzaError.Condition.service_unavailable, bounced.getError().getCondition());
        }
        server.ctl("start " + offlineModule);
        eventually(() -> server.ctl("xmpp:modules"), m -> m.contains("hook offline_message"));
        sendMessage(romeo, bare(julietName), "kept again");
        handled(romeo);
        assertTrue("romeo's session lived through it", romeo.isAuthenticated());
        assertEquals("kept again", receiveAtLogin(julietName, 1).get(0).getBody());
    }

    // ---- helpers

    /** A new account, password "pw". */
    private static String newUser() throws Exception {
        String name = "im" + users.incrementAndGet() + "x" + System.nanoTime() % 100_000;
        String answer = server.ctl("xmpp:users add " + name + "@localhost pw").strip();
        assertEquals("created " + name + "@localhost", answer);
        return name;
    }

    private XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = server.connect("localhost", user, "pw", resource, "SCRAM-SHA-1");
        open.add(c);
        return c;
    }

    private static Roster loadedRoster(XMPPTCPConnection c) throws Exception {
        Roster roster = Roster.getInstanceFor(c);
        if (!roster.isLoaded()) roster.reloadAndWait();
        return roster;
    }

    private static BareJid bare(String user) throws Exception {
        return JidCreate.bareFrom(user + "@localhost");
    }

    /** Returns once the server has handled what {@code c} sent so far: it answers one stream's stanzas in order. */
    private static void handled(XMPPTCPConnection c) throws Exception {
        Roster.getInstanceFor(c).reloadAndWait();
    }

    private static void send(XMPPTCPConnection c, Presence.Type type, Jid to) throws Exception {
        c.sendStanza(c.getStanzaFactory().buildPresenceStanza().ofType(type).to(to).build());
    }

    private static void sendMessage(XMPPTCPConnection c, BareJid to, String body) throws Exception {
        c.sendStanza(c.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat).setBody(body).build());
    }

    private static org.jivesoftware.smack.filter.StanzaFilter presenceOf(BareJid from, Presence.Type type) {
        return new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createBare(from),
                s -> ((Presence) s).getType() == type);
    }

    /** Logs the user in with a listener already on, and collects up to {@code count} messages, each arriving within 5 s of the one before. */
    private List<Message> receiveAtLogin(String user, int count) throws Exception {
        XMPPTCPConnection c = server.client("localhost", user, "pw", "r" + System.nanoTime(), "SCRAM-SHA-1");
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        open.add(c);
        List<Message> got = new ArrayList<>();
        try (StanzaCollector messages = c.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
            c.connect().login();
            for (int i = 0; i < count; i++) {
                Message m = messages.nextResult(5_000);
                if (m == null) break;
                got.add(m);
            }
        }
        return got;
    }

    private static RawClient raw(String user, String resource) throws Exception {
        return RawClient.loggedIn(server.clientPort, TestServer.trusting(server.home.resolve("data")), user, "pw", resource);
    }

    /** The next stanza with this id (null: the next IQ set from the server, a push), skipping others. */
    private static Element reply(RawClient raw, String id) throws Exception {
        return next(raw, e -> id == null ? e.name().equals("iq") && e.attr("type").equals("set") : id.equals(e.attr("id")));
    }

    private static Element next(RawClient raw, java.util.function.Predicate<Element> wanted) throws Exception {
        for (int i = 0; i < 50; i++) {
            Element e = raw.next();
            if (wanted.test(e)) return e;
        }
        throw new AssertionError("not among the next 50 stanzas");
    }

    private static String errorOf(Element reply) {
        assertEquals("an error: " + reply, "error", reply.attr("type"));
        return reply.child("error").orElseThrow().elements().get(0).name();
    }
}
