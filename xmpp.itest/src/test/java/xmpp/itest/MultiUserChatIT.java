package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static xmpp.itest.ServerProcess.eventually;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.RoomInfo;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import xmpp.c2s.internal.RawClient;
import xmpp.c2s.internal.TestServer;
import xmpp.core.xml.Element;

/**
 * XEP-0045 multi-user chat (xmpp.mod.muc) in the exported server, with Smack's
 * MultiUserChatManager as the client: service and room discovery, creating an instant and a
 * configured room, joining with a password and into a members-only room, messages, history
 * (each of the join's history options), subject, private messages, mediated invitations and
 * declines, direct invitations (XEP-0249), moderation, kick, ban and destroy, registered nicks and
 * voice requests; the room's archive (XEP-0313) paged and searched by real JID; the errors with a
 * raw client; the bundle stopped and started from the shell.
 */
public class MultiUserChatIT {

    private static final AtomicInteger rooms = new AtomicInteger();
    private static ServerProcess server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        ProviderManager.addExtensionProvider(OccupantIdProvider.ELEMENT, OccupantIdProvider.NAMESPACE, new OccupantIdProvider());
        server = new ServerProcess().started();
    }

    /**
     * XEP-0421's {@code <occupant-id/>}, which Smack has no provider for: its generic one fails an
     * assertion (enabled in tests) on the default namespace declaration, killing the reader.
     */
    static final class OccupantIdProvider extends ExtensionElementProvider<StandardExtensionElement> {
        static final String ELEMENT = "occupant-id";
        static final String NAMESPACE = "urn:xmpp:occupant-id:0";

        @Override
        public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment env) throws XmlPullParserException, IOException {
            StandardExtensionElement id = StandardExtensionElement.builder(ELEMENT, NAMESPACE).addAttribute("id", parser.getAttributeValue("", "id")).build();
            while (!(parser.next() == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth)) {
                // an empty element: nothing inside to read
            }
            return id;
        }
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) server.close();
    }

    @After
    public void disconnect() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    @Test
    public void theServiceIsDiscoveredAndAnInstantRoomIsListedWithItsInfo() throws Exception {
        XMPPTCPConnection juliet = login(newUser());
        MultiUserChatManager manager = MultiUserChatManager.getInstanceFor(juliet);
        assertEquals(List.of(JidCreate.domainBareFrom("conference.localhost")), manager.getMucServiceDomains());
        MultiUserChat muc = manager.getMultiUserChat(newRoom());
        muc.create(Resourcepart.from("juliet")).makeInstant();
        assertTrue(manager.getRoomsHostedBy(JidCreate.domainBareFrom("conference.localhost")).containsKey(muc.getRoom()));
        RoomInfo info = manager.getRoomInfo(muc.getRoom());
        assertEquals(1, info.getOccupantsCount());
        assertFalse(info.isMembersOnly());
        assertFalse(info.isPasswordProtected());
        assertTrue(server.ctl("xmpp:muc").contains(muc.getRoom() + " "));

        BlockingQueue<String> destroyed = new LinkedBlockingQueue<>();
        muc.addUserStatusListener(new UserStatusListener() {
            @Override
            public void roomDestroyed(MultiUserChat alternate, String password, String reason) {
                destroyed.add(reason);
            }
        });
        assertEquals("destroyed " + muc.getRoom(), server.ctl("xmpp:muc destroy " + muc.getRoom() + " closing time").strip());
        assertEquals("closing time", destroyed.poll(5, TimeUnit.SECONDS));
        assertFalse(server.ctl("xmpp:muc").contains(muc.getRoom() + " "));
    }

    /**
     * Occupants joining and leaving one room at the same time, over and over: each join and each
     * leave gets the occupant's own presence back (status 110) in the order they were sent, none
     * is refused, and the room ends with its owner alone.
     */
    @Test
    public void concurrentJoinsAndLeavesEachGetTheirOwnPresenceBack() throws Exception {
        XMPPTCPConnection owner = login(newUser());
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(owner).getMultiUserChat(newRoom());
        muc.create(Resourcepart.from("owner")).makeInstant();
        List<RawClient> occupants = new ArrayList<>();
        for (int i = 0; i < 6; i++) occupants.add(raw(newUser()));
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < occupants.size(); i++) {
            RawClient c = occupants.get(i);
            String occupant = muc.getRoom() + "/n" + i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int round = 0; round < 20; round++) {
                        c.send("<presence to='" + occupant + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
                        awaitOwnPresence(c, occupant, "");
                        c.send("<presence type='unavailable' to='" + occupant + "'/>");
                        awaitOwnPresence(c, occupant, "unavailable");
                    }
                } catch (Throwable t) {
                    failures.add(occupant + ": " + t);
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertEquals(List.of(), List.copyOf(failures));
        assertTrue(server.ctl("xmpp:muc").lines().anyMatch(l -> l.startsWith(muc.getRoom() + " ") && l.strip().endsWith(" 1")));
    }

    /** Reads on to the room's presence of this occupant to itself (status 110) of {@code type}; others' presences pass. */
    private static void awaitOwnPresence(RawClient c, String occupant, String type) throws Exception {
        while (true) {
            Element e = c.next();
            if (!e.name().equals("presence") || !e.attr("from").equals(occupant)) continue;
            if (e.attr("type").equals("error")) throw new AssertionError("refused: " + e);
            boolean own = e.child("x", "http://jabber.org/protocol/muc#user")
                    .map(x -> x.elements().stream().anyMatch(s -> s.name().equals("status") && s.attr("code").equals("110"))).orElse(false);
            if (own && e.attr("type").equals(type)) return;
            if (own) throw new AssertionError("out of order, waiting for type '" + type + "': " + e);
        }
    }

    @Test
    public void occupantsTalkSeeHistoryAndTheSubjectAndWhisper() throws Exception {
        XMPPTCPConnection juliet = login(newUser());
        EntityBareJid room = newRoom();
        MultiUserChat hers = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(room);
        hers.create(Resourcepart.from("juliet")).makeInstant();
        hers.changeSubject("balconies");
        hers.sendMessage("first");
        hers.sendMessage("second");
        next(hers, "second");   // in the room's history before his join, which comes over another connection

        XMPPTCPConnection romeo = login(newUser());
        MultiUserChat his = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(room);
        his.join(his.getEnterConfigurationBuilder(Resourcepart.from("romeo")).requestMaxStanzasHistory(1).build());
        assertEquals("balconies", eventually(his::getSubject, "balconies"::equals));   // Smack takes it in after the join returns
        Message history = his.nextMessage(5000);
        assertEquals("second", history.getBody());
        assertNotNull("history carries its delay", history.getExtension(org.jivesoftware.smackx.delay.packet.DelayInformation.class));
        assertEquals(2, his.getOccupantsCount());

        his.sendMessage("hello all");
        assertEquals("hello all", next(hers, "hello all").getBody());

        try (StanzaCollector pms = juliet.createStanzaCollector(s -> s instanceof Message m && "psst".equals(m.getBody()))) {
            romeo.sendStanza(MessageBuilder.buildMessage().to(JidCreate.from(room + "/juliet")).ofType(Message.Type.chat).setBody("psst").build());
            Message pm = pms.nextResult(5000);
            assertNotNull(pm);
            assertEquals(room + "/romeo", pm.getFrom().toString());
        }
    }

    /**
     * Section 7.2.15: the history a joiner asks for, cut by {@code maxchars} (the newest messages
     * whose stanzas fit), {@code seconds} and {@code since} (what the room received from then on).
     */
    @Test
    public void aJoinerGetsTheHistoryItAsksForByCharactersSecondsAndSince() throws Exception {
        XMPPTCPConnection juliet = login(newUser());
        EntityBareJid room = newRoom();
        MultiUserChat hers = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(room);
        hers.create(Resourcepart.from("juliet")).makeInstant();
        hers.changeSubject("balconies");   // what ends each join's history below
        String longBody = "a".repeat(2000);
        hers.sendMessage(longBody);
        next(hers, longBody);
        Thread.sleep(1100);   // not a timing assertion: the two messages' delay stamps differ by a second at least
        hers.sendMessage("short");
        next(hers, "short");

        XMPPTCPConnection romeo = login(newUser());
        MultiUserChatManager his = MultiUserChatManager.getInstanceFor(romeo);
        assertEquals("the short one fits in 600 characters, both do not", List.of("short"),
                history(his, room, b -> b.requestMaxCharsHistory(600)));
        assertEquals(List.of(), history(his, room, b -> b.requestMaxCharsHistory(0)));
        assertEquals(List.of(longBody, "short"), history(his, room, b -> b.requestHistorySince(3600)));
        assertEquals(List.of(), history(his, room, b -> b.requestHistorySince(0)));

        java.util.Date shortSent = stamps.get("short");
        assertEquals("since the short one was received: it alone", List.of("short"), history(his, room, b -> b.requestHistorySince(shortSent)));
        assertEquals(List.of(), history(his, room, b -> b.requestHistorySince(new java.util.Date(shortSent.getTime() + 1000))));
    }

    /** Each message's XEP-0203 stamp, by body, as the last {@link #history} saw them. */
    private final java.util.Map<String, java.util.Date> stamps = new java.util.HashMap<>();

    /** The bodies of the history one join with {@code options} got (all that came before the subject); it leaves again. */
    private List<String> history(MultiUserChatManager manager, EntityBareJid room,
                                 java.util.function.UnaryOperator<org.jivesoftware.smackx.muc.MucEnterConfiguration.Builder> options) throws Exception {
        MultiUserChat muc = manager.getMultiUserChat(room);
        List<String> bodies = new ArrayList<>();
        try (StanzaCollector fromRoom = muc.getXmppConnection().createStanzaCollector(
                s -> s instanceof Message m && m.getFrom() != null && room.equals(m.getFrom().asBareJid()))) {
            muc.join(options.apply(muc.getEnterConfigurationBuilder(Resourcepart.from("romeo"))).build());
            for (Message m = nextFrom(fromRoom, room); m.getBody() != null; m = nextFrom(fromRoom, room)) {
                bodies.add(m.getBody());
                stamps.put(m.getBody(), m.getExtension(org.jivesoftware.smackx.delay.packet.DelayInformation.class).getStamp());
            }
        }
        leave(muc);
        return bodies;
    }

    /**
     * Leaves the room, and returns once {@code muc} may join it again. Smack's own leave()/join()
     * deadlock (known-gaps.txt, mucLeaveTest): its listener for the leave's presence must be done
     * with the room before the next join takes the room's lock. Smack reads the next stanza only
     * once that listener is done: a ping's answer is one. (A kick or a ban needs no such wait:
     * that listener is done with the room's lock before it tells the test.)
     */
    private static void leave(MultiUserChat muc) throws Exception {
        muc.leave();
        org.jivesoftware.smackx.ping.PingManager.getInstanceFor(muc.getXmppConnection()).pingMyServer();
    }

    private static Message nextFrom(StanzaCollector fromRoom, EntityBareJid room) throws Exception {
        Message m = fromRoom.nextResult(5000);
        if (m == null) throw new AssertionError("no subject from " + room + " after its history");
        return m;
    }

    @Test
    public void aConfiguredRoomAsksForItsPasswordAndAdmitsMembersOnly() throws Exception {
        XMPPTCPConnection juliet = login(newUser());
        String romeoName = newUser();
        XMPPTCPConnection romeo = login(romeoName);
        EntityBareJid room = newRoom();
        MultiUserChat hers = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(room);
        hers.create(Resourcepart.from("juliet")).getConfigFormManager().setRoomName("Verona").setAndEnablePassword("s3cret").submitConfigurationForm();
        MultiUserChat his = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(room);
        assertEquals(StanzaError.Condition.not_authorized, joinError(his, "wrong"));
        his.join(Resourcepart.from("romeo"), "s3cret");
        assertEquals("Verona", MultiUserChatManager.getInstanceFor(romeo).getRoomInfo(room).getName());
        leave(his);   // he joins again below

        hers.getConfigFormManager().makeMembersOnly().submitConfigurationForm();
        assertEquals(StanzaError.Condition.registration_required, joinError(his, "s3cret"));
        hers.grantMembership(bare(romeoName));
        his.join(Resourcepart.from("romeo"), "s3cret");
        assertTrue(his.isJoined());
        assertEquals(1, hers.getMembers().size());
    }

    @Test
    public void mediatedInvitationsReachTheInviteeAndHisDeclineTheInviter() throws Exception {
        XMPPTCPConnection juliet = login(newUser());
        String romeoName = newUser();
        XMPPTCPConnection romeo = login(romeoName);
        BlockingQueue<String> invitations = new LinkedBlockingQueue<>();
        MultiUserChatManager.getInstanceFor(romeo).addInvitationListener(
                (conn, room, inviter, reason, password, message, invitation) -> invitations.add(room.getRoom() + " " + reason));
        EntityBareJid room = newRoom();
        MultiUserChat hers = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(room);
        hers.create(Resourcepart.from("juliet")).makeInstant();
        BlockingQueue<String> declines = new LinkedBlockingQueue<>();
        hers.addInvitationRejectionListener((invitee, reason, message, decline) -> declines.add(invitee + " " + reason));
        hers.invite(bare(romeoName), "come up");
        assertEquals(room + " come up", invitations.poll(5, TimeUnit.SECONDS));

        MultiUserChatManager.getInstanceFor(romeo).decline(room, juliet.getUser().asEntityBareJid(), "not tonight");
        assertEquals("the room passes the decline on (section 7.8.2)", bare(romeoName) + " not tonight", declines.poll(5, TimeUnit.SECONDS));
    }

    /** XEP-0249: an invitation sent to the invitee himself, with the room's password, gets him in. */
    @Test
    public void aDirectInvitationCarriesTheRoomAndItsPassword() throws Exception {
        XMPPTCPConnection juliet = login(newUser());
        String romeoName = newUser();
        XMPPTCPConnection romeo = login(romeoName);
        BlockingQueue<org.jivesoftware.smackx.muc.packet.GroupChatInvitation> invitations = new LinkedBlockingQueue<>();
        org.jivesoftware.smackx.muc.DirectMucInvitationManager.getInstanceFor(romeo)
                .addInvitationListener((invitation, stanza) -> invitations.add(invitation));
        EntityBareJid room = newRoom();
        MultiUserChat hers = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(room);
        hers.create(Resourcepart.from("juliet")).getConfigFormManager().setAndEnablePassword("s3cret").submitConfigurationForm();
        hers.inviteDirectly(bare(romeoName), "come up", "s3cret", false, null);

        org.jivesoftware.smackx.muc.packet.GroupChatInvitation got = invitations.poll(5, TimeUnit.SECONDS);
        assertNotNull("the direct invitation reached the invitee", got);
        assertEquals(room, got.getRoomAddress());
        assertEquals("come up", got.getReason());
        MultiUserChat his = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(got.getRoomAddress());
        his.join(Resourcepart.from("romeo"), got.getPassword());
        assertTrue(his.isJoined());
        assertEquals(2, (int) eventually(hers::getOccupantsCount, n -> n == 2));   // his presence reaches her after his join returns
    }

    @Test
    public void moderatorsGiveVoiceKickBanAndTheOwnerDestroys() throws Exception {
        XMPPTCPConnection juliet = login(newUser());
        String romeoName = newUser();
        XMPPTCPConnection romeo = login(romeoName);
        XMPPTCPConnection nurse = login(newUser());
        EntityBareJid room = newRoom();
        MultiUserChat hers = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(room);
        hers.create(Resourcepart.from("juliet")).getConfigFormManager().makeModerated().submitConfigurationForm();
        MultiUserChat his = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(room);
        his.join(Resourcepart.from("romeo"));
        assertEquals(StanzaError.Condition.forbidden, sendError(romeo, room, "a visitor speaks"));
        hers.grantVoice(Resourcepart.from("romeo"));
        his.sendMessage("with voice");
        assertEquals("with voice", next(hers, "with voice").getBody());

        MultiUserChat hersNurse = MultiUserChatManager.getInstanceFor(nurse).getMultiUserChat(room);
        hersNurse.join(Resourcepart.from("nurse"));
        BlockingQueue<String> removals = new LinkedBlockingQueue<>();
        hersNurse.addUserStatusListener(new UserStatusListener() {
            @Override
            public void kicked(Jid actor, String reason) {
                removals.add("kicked " + reason);
            }
        });
        his.addUserStatusListener(new UserStatusListener() {
            @Override
            public void banned(Jid actor, String reason) {
                removals.add("banned " + reason);
            }
        });
        try {
            his.kickParticipant(Resourcepart.from("nurse"), "no");
            fail("a participant kicked");
        } catch (XMPPErrorException e) {
            assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());
        }
        hers.kickParticipant(Resourcepart.from("nurse"), "noise");
        assertEquals("kicked noise", removals.poll(5, TimeUnit.SECONDS));
        hers.banUser(bare(romeoName), "feud");
        assertEquals("banned feud", removals.poll(5, TimeUnit.SECONDS));
        assertEquals(StanzaError.Condition.forbidden, joinError(his, null));
        assertEquals(1, hers.getOutcasts().size());

        hersNurse.join(Resourcepart.from("nurse"));
        BlockingQueue<String> destroyed = new LinkedBlockingQueue<>();
        hersNurse.addUserStatusListener(new UserStatusListener() {
            @Override
            public void roomDestroyed(MultiUserChat alternate, String password, String reason) {
                destroyed.add(alternate.getRoom() + " " + reason);
            }
        });
        hers.destroy("moving", JidCreate.entityBareFrom("elsewhere@conference.localhost"));
        assertEquals("elsewhere@conference.localhost moving", destroyed.poll(5, TimeUnit.SECONDS));
        assertFalse(server.ctl("xmpp:muc").contains(room.toString()));
    }

    /**
     * Section 7.10: a user registers a nick with the room's form and becomes a member; the room
     * tells her which nick is hers, keeps it from anyone else, and lets her join with it.
     */
    @Test
    public void aUserRegistersANickAndBecomesAMemberWhomNobodyElseMayImpersonate() throws Exception {
        XMPPTCPConnection juliet = login(newUser());
        String romeoName = newUser();
        XMPPTCPConnection romeo = login(romeoName);
        EntityBareJid room = newRoom();
        MultiUserChat hers = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(room);
        hers.create(Resourcepart.from("juliet")).makeInstant();
        MultiUserChat his = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(room);
        FillableForm registration = his.getRegistrationForm().getFillableForm();
        registration.setAnswer("muc#register_roomnick", "montague");
        his.sendRegistrationForm(registration);
        assertEquals("montague", his.getReservedNickname());
        assertEquals(List.of(bare(romeoName).toString()), hers.getMembers().stream().map(a -> a.getJid().toString()).toList());

        MultiUserChat nurses = MultiUserChatManager.getInstanceFor(login(newUser())).getMultiUserChat(room);
        try {
            nurses.join(Resourcepart.from("montague"));
            fail("the nurse joined under a nick registered to another");
        } catch (XMPPErrorException e) {
            assertEquals(StanzaError.Condition.conflict, e.getStanzaError().getCondition());
        }
        his.join(Resourcepart.from("montague"));
        assertTrue(his.isJoined());
    }

    /**
     * Sections 7.13 and 8.6: a visitor of a moderated room asks for voice; the moderator gets the
     * request form, sends it back approved, and the visitor is told he has voice and may speak.
     */
    @Test
    public void aVisitorAsksForVoiceAndTheModeratorGrantsIt() throws Exception {
        XMPPTCPConnection juliet = login(newUser());
        XMPPTCPConnection romeo = login(newUser());
        EntityBareJid room = newRoom();
        MultiUserChat hers = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(room);
        hers.create(Resourcepart.from("juliet")).getConfigFormManager().makeModerated().submitConfigurationForm();
        MultiUserChat his = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(room);
        his.join(Resourcepart.from("romeo"));
        BlockingQueue<String> granted = new LinkedBlockingQueue<>();
        his.addUserStatusListener(new UserStatusListener() {
            @Override
            public void voiceGranted() {
                granted.add("voice");
            }
        });
        String request = "http://jabber.org/protocol/muc#request";
        try (StanzaCollector requests = juliet.createStanzaCollector(s -> s instanceof Message m && DataForm.from(m, request) != null)) {
            his.requestVoice();
            Message asked = requests.nextResult(5000);
            assertNotNull("the moderator got the voice request", asked);
            FillableForm approval = new FillableForm(DataForm.from(asked, request));
            assertEquals("romeo", approval.getField("muc#roomnick").getFirstValue());
            approval.setAnswer("muc#role", "participant");
            approval.setAnswer("muc#roomnick", "romeo");
            approval.setAnswer("muc#request_allow", true);
            juliet.sendStanza(MessageBuilder.buildMessage().to(room).addExtension(approval.getDataFormToSubmit()).build());
        }
        assertEquals("voice", granted.poll(5, TimeUnit.SECONDS));
        his.sendMessage("with voice at last");
        assertEquals("with voice at last", next(hers, "with voice at last").getBody());
    }

    @Test
    public void errorsForWrongTypesTargetsAndRights() throws Exception {
        String juliet = newUser();
        XMPPTCPConnection her = login(juliet);
        EntityBareJid room = newRoom();
        MultiUserChatManager.getInstanceFor(her).getMultiUserChat(room).create(Resourcepart.from("juliet")).makeInstant();
        RawClient raw = raw(newUser());
        assertEquals("item-not-found", answer(raw, "<iq type='get' id='e1' to='nosuchroom@conference.localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"));
        assertEquals("not-allowed", answer(raw, "<iq type='set' id='e2' to='" + room + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"));
        assertEquals("forbidden", answer(raw, "<iq type='get' id='e3' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#owner'/></iq>"));
        assertEquals("forbidden", answer(raw, "<iq type='get' id='e4' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='outcast'/></query></iq>"));
        assertEquals("service-unavailable", answer(raw, "<iq type='get' id='e5' to='conference.localhost'><query xmlns='jabber:iq:version'/></iq>"));
        assertEquals("not-acceptable", answer(raw, "<iq type='get' id='e6' to='" + room + "/juliet'><ping xmlns='urn:xmpp:ping'/></iq>"));
    }

    @Test
    public void roomsAnswerServiceUnavailableWhileTheBundleIsStopped() throws Exception {
        RawClient raw = raw(newUser());
        String disco = "<iq type='get' id='%s' to='conference.localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>";
        AtomicInteger ids = new AtomicInteger();
        long id = server.bundleId("xmpp.mod.muc");
        assertEquals("result", answer(raw, String.format(disco, "s" + ids.incrementAndGet())));
        server.ctl("stop " + id);
        eventually(() -> answer(raw, String.format(disco, "s" + ids.incrementAndGet())), "service-unavailable"::equals);
        server.ctl("start " + id);
        eventually(() -> answer(raw, String.format(disco, "s" + ids.incrementAndGet())), "result"::equals);
    }

    /**
     * XEP-0313 in a room: with the service's default a new room keeps an archive (and says so to
     * Smack, as public logging); an occupant pages through it forwards and backwards with Smack's
     * MamManager for the room; someone outside the room is refused.
     */
    @Test
    public void anOccupantPagesThroughTheRoomsArchiveBothWaysAndAnOutsiderIsRefused() throws Exception {
        XMPPTCPConnection juliet = login(newUser());
        EntityBareJid room = newRoom();
        MultiUserChat hers = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(room);
        hers.create(Resourcepart.from("juliet")).makeInstant();
        assertTrue("the archive's switch is in the form", hers.getConfigFormManager().supportsPublicLogging());
        XMPPTCPConnection romeo = login(newUser());
        MultiUserChat his = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(room);
        his.join(Resourcepart.from("romeo"));
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            sent.add("m" + i);
            hers.sendMessage("m" + i);   // 7: within the burst the service's rate limit allows
        }
        next(his, "m7");

        MamManager mam = MamManager.getInstanceFor(his);
        assertTrue("the room announces urn:xmpp:mam:2", mam.isSupported());
        MamManager.MamQuery forwards = mam.queryArchive(MamManager.MamQueryArgs.builder().setResultPageSizeTo(3).build());
        List<String> seen = new ArrayList<>(bodies(forwards.getMessages()));
        while (!forwards.isComplete()) seen.addAll(bodies(forwards.pageNext(3)));
        assertEquals(sent, seen);
        assertEquals(room + "/juliet", forwards.getMessages().getFirst().getFrom().toString());

        MamManager.MamQuery backwards = mam.queryArchive(MamManager.MamQueryArgs.builder().setResultPageSizeTo(3).queryLastPage().build());
        List<List<String>> pages = new ArrayList<>();
        pages.add(bodies(backwards.getMessages()));
        while (!backwards.isComplete()) pages.add(bodies(backwards.pagePrevious(3)));
        assertEquals(List.of(List.of("m5", "m6", "m7"), List.of("m2", "m3", "m4"), List.of("m1")), pages);

        XMPPTCPConnection nurse = login(newUser());
        MamManager outside = MamManager.getInstanceFor(nurse, room);
        assertTrue(outside.isSupported());   // anyone may discover it; Smack learns the MAM version here, and needs it for the query
        try {
            outside.queryArchive(MamManager.MamQueryArgs.builder().build());
            fail("an outsider read the archive of " + room);
        } catch (XMPPErrorException e) {
            assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());
        }
    }

    /**
     * XEP-0313 section 4.1.1 in a room: the owner finds one user's messages by his real JID,
     * whatever nick he had; a participant of the (semi-anonymous) room may not search by one.
     */
    @Test
    public void theOwnerFindsAUsersMessagesInTheArchiveByRealJidAndAParticipantMayNot() throws Exception {
        XMPPTCPConnection juliet = login(newUser());
        String romeoName = newUser();
        XMPPTCPConnection romeo = login(romeoName);
        EntityBareJid room = newRoom();
        MultiUserChat hers = MultiUserChatManager.getInstanceFor(juliet).getMultiUserChat(room);
        hers.create(Resourcepart.from("juliet")).makeInstant();
        MultiUserChat his = MultiUserChatManager.getInstanceFor(romeo).getMultiUserChat(room);
        his.join(Resourcepart.from("romeo"));
        his.sendMessage("r1");
        his.changeNickname(Resourcepart.from("montague"));
        his.sendMessage("r2");
        next(his, "r2");   // archived before it is reflected; her j1 below could otherwise reach the room first
        hers.sendMessage("j1");
        next(his, "j1");

        MamManager owners = MamManager.getInstanceFor(hers);
        assertTrue(owners.isSupported());
        MamManager.MamQuery byRomeo = owners.queryArchive(MamManager.MamQueryArgs.builder().limitResultsToJid(bare(romeoName)).build());
        assertEquals(List.of("r1", "r2"), bodies(byRomeo.getMessages()));
        assertEquals(List.of(room + "/romeo", room + "/montague"), byRomeo.getMessages().stream().map(m -> m.getFrom().toString()).toList());

        MamManager participants = MamManager.getInstanceFor(his);
        assertTrue(participants.isSupported());
        try {
            participants.queryArchive(MamManager.MamQueryArgs.builder().limitResultsToJid(juliet.getUser().asBareJid()).build());
            fail("a participant searched a semi-anonymous room's archive by real JID");
        } catch (XMPPErrorException e) {
            assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());
        }
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }

    // ---- helpers

    private static String newUser() throws Exception {
        return server.newUser("mu");
    }

    private static EntityBareJid newRoom() throws Exception {
        return JidCreate.entityBareFrom("room" + rooms.incrementAndGet() + "x" + System.nanoTime() % 100_000 + "@conference.localhost");
    }

    private static EntityBareJid bare(String user) throws Exception {
        return JidCreate.entityBareFrom(user + "@localhost");
    }

    private XMPPTCPConnection login(String user) throws Exception {
        XMPPTCPConnection c = server.available(user, "r");
        open.add(c::disconnect);
        return c;
    }

    private RawClient raw(String user) throws Exception {
        RawClient raw = RawClient.loggedIn(server.clientPort, TestServer.trusting(server.home.resolve("data")), user, "pw", "raw");
        open.add(raw);
        return raw;
    }

    /** The next message of the room with that body, skipping others. */
    private static Message next(MultiUserChat muc, String body) throws Exception {
        for (Message m = muc.nextMessage(5000); m != null; m = muc.nextMessage(5000))
            if (body.equals(m.getBody())) return m;
        throw new AssertionError("no message '" + body + "' in " + muc.getRoom());
    }

    private static StanzaError.Condition joinError(MultiUserChat muc, String password) throws Exception {
        try {
            muc.join(Resourcepart.from("romeo"), password);
            throw new AssertionError("joined " + muc.getRoom());
        } catch (XMPPErrorException e) {
            return e.getStanzaError().getCondition();
        }
    }

    /** A groupchat message from {@code from}; the error that comes back with its id. */
    private static StanzaError.Condition sendError(XMPPTCPConnection from, EntityBareJid room, String body) throws Exception {
        String id = "g" + System.nanoTime();
        try (StanzaCollector replies = from.createStanzaCollector(new StanzaIdFilter(id))) {
            from.sendStanza(MessageBuilder.buildMessage(id).to(room).ofType(Message.Type.groupchat).setBody(body).build());
            Message m;
            do {
                m = replies.nextResult(5000);
                if (m == null) throw new AssertionError("nothing came back for the message to " + room);
            } while (m.getType() != Message.Type.error);
            return m.getError().getCondition();
        }
    }

    private static String answer(RawClient raw, String iq) throws Exception {
        String id = xmpp.core.stream.XmlStreams.parseElement(iq).attr("id");
        raw.send(iq);
        Element reply;
        do {
            reply = raw.next();
        } while (!id.equals(reply.attr("id")));
        return reply.attr("type").equals("result") ? "result" : reply.child("error").orElseThrow().elements().getFirst().name();
    }
}
