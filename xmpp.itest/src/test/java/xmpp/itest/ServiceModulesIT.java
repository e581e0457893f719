package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.bookmarks.BookmarkedConference;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
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
 * vCard (XEP-0054, XEP-0153), private storage (XEP-0049), blocking (XEP-0191) and carbons
 * (XEP-0280) in the exported server, with Smack's own managers as the client; the errors with a
 * raw client; and each module's bundle stopped and started from the shell.
 */
public class ServiceModulesIT {

    private static final String AVATAR_UPDATE = "vcard-temp:x:update";
    private static ServerProcess server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
        // Smack has no provider for these two, and its generic one fails an assertion (enabled in
        // tests) on a default namespace declaration read through StAX, killing the reader.
        ProviderManager.addExtensionProvider("x", AVATAR_UPDATE, new FlatElementProvider("x", AVATAR_UPDATE));
        ProviderManager.addExtensionProvider("private", "urn:xmpp:carbons:2", new FlatElementProvider("private", "urn:xmpp:carbons:2"));
        server = new ServerProcess().started();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) server.close();
    }

    @After
    public void disconnect() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    // ---- vCard

    @Test
    public void aUserSetsHerVCardOthersReadItAndHerPresenceCarriesHerAvatarsHash() throws Exception {
        String juliet = newUser();
        XMPPTCPConnection balcony = login(juliet, "balcony");
        XMPPTCPConnection chamber = login(juliet, "chamber");
        VCard mine = new VCard();
        mine.setFirstName("Juliet");
        mine.setLastName("Capulet");
        byte[] avatar = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        mine.setAvatar(avatar, "image/png");
        VCardManager.getInstanceFor(balcony).saveVCard(mine);

        assertEquals("Capulet", VCardManager.getInstanceFor(chamber).loadVCard().getLastName());
        XMPPTCPConnection romeo = login(newUser(), "orchard");
        VCard hers = VCardManager.getInstanceFor(romeo).loadVCard(bare(juliet));
        assertEquals("Juliet", hers.getFirstName());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(avatar)), hers.getAvatarHash());

        // XEP-0153: chamber sees balcony's next presence with the hash of the stored photo
        try (StanzaCollector seen = chamber.createStanzaCollector(p -> p instanceof Presence pr && "here".equals(pr.getStatus()))) {
            balcony.sendStanza(PresenceBuilder.buildPresence().setStatus("here").build());
            Presence p = seen.nextResult(5000);
            assertNotNull(p);
            StandardExtensionElement update = (StandardExtensionElement) p.getExtensionElement("x", AVATAR_UPDATE);
            assertNotNull(p.toXML().toString(), update);
            assertEquals(hers.getAvatarHash(), update.getFirstElement("photo").getText());
        }
    }

    @Test
    public void vCardErrors() throws Exception {
        String juliet = newUser();
        String romeo = newUser();
        RawClient raw = raw(juliet, "raw");
        assertEquals("forbidden", condition(ask(raw, "<iq type='set' id='v1' to='" + romeo + "@localhost'><vCard xmlns='vcard-temp'><FN>R</FN></vCard></iq>")));
        assertEquals("item-not-found", condition(ask(raw, "<iq type='get' id='v2' to='" + romeo + "@localhost'><vCard xmlns='vcard-temp'/></iq>")));
        assertEquals("not-acceptable", condition(ask(raw, "<iq type='set' id='v3'><vCard xmlns='vcard-temp'><NOTE>" + "x".repeat(70_000) + "</NOTE></vCard></iq>")));
        assertEquals("bad-request", condition(ask(raw, "<iq type='get' id='v4'><card xmlns='vcard-temp'/></iq>")));
        assertEquals("service-unavailable", condition(ask(raw, "<iq type='get' id='v5' to='nobody@localhost'><vCard xmlns='vcard-temp'/></iq>")));
    }

    // ---- private storage

    @Test
    public void bookmarksKeptOnOneResourceAreReadOnAnother() throws Exception {
        String juliet = newUser();
        EntityBareJid room = JidCreate.entityBareFrom("capulets@conference.localhost");
        BookmarkManager.getBookmarkManager(login(juliet, "balcony"))
                .addBookmarkedConference("Family", room, true, Resourcepart.from("juliet"), null);
        List<BookmarkedConference> seen = BookmarkManager.getBookmarkManager(login(juliet, "chamber")).getBookmarkedConferences();
        assertEquals(1, seen.size());
        assertEquals(room, seen.getFirst().getJid());
        assertEquals("Family", seen.getFirst().getName());
    }

    @Test
    public void privateStorageErrors() throws Exception {
        String juliet = newUser();
        String romeo = newUser();
        RawClient raw = raw(juliet, "raw");
        assertEquals("forbidden", condition(ask(raw, "<iq type='get' id='p1' to='" + romeo + "@localhost'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query></iq>")));
        assertEquals("not-acceptable", condition(ask(raw, "<iq type='set' id='p2'><query xmlns='jabber:iq:private'><x xmlns='jabber:client'/></query></iq>")));
        assertEquals("not-acceptable", condition(ask(raw, "<iq type='get' id='p3'><query xmlns='jabber:iq:private'><x xmlns='urn:x-xmpp-server:blocking'/></query></iq>")));
        assertEquals("bad-request", condition(ask(raw, "<iq type='get' id='p4'><query xmlns='jabber:iq:private'/></iq>")));
        Element empty = ask(raw, "<iq type='get' id='p5'><query xmlns='jabber:iq:private'><prefs xmlns='x:prefs'/></query></iq>");
        assertEquals("result", empty.attr("type"));
    }

    // ---- blocking

    @Test
    public void aBlockedContactCannotReachTheUserNorSheHimAndEveryResourceThatAskedHearsOfIt() throws Exception {
        String juliet = newUser();
        String romeoName = newUser();
        XMPPTCPConnection balcony = login(juliet, "balcony");
        XMPPTCPConnection chamber = login(juliet, "chamber");
        XMPPTCPConnection romeo = login(romeoName, "orchard");
        BlockingCommandManager chamberBlocks = BlockingCommandManager.getInstanceFor(chamber);
        assertEquals(List.of(), chamberBlocks.getBlockList());
        BlockingQueue<List<Jid>> pushed = new LinkedBlockingQueue<>();
        chamberBlocks.addJidsBlockedListener(pushed::add);

        BlockingCommandManager.getInstanceFor(balcony).blockContacts(List.of(bare(romeoName)));
        assertEquals(List.of(bare(romeoName)), pushed.poll(5, TimeUnit.SECONDS));
        assertEquals(List.of(bare(romeoName)), BlockingCommandManager.getInstanceFor(login(juliet, "later")).getBlockList());

        Message in = send(romeo, juliet + "@localhost/balcony", "let me in");
        assertEquals(StanzaError.Condition.service_unavailable, in.getError().getCondition());
        Message out = send(balcony, romeoName + "@localhost/orchard", "go away");
        assertEquals(StanzaError.Condition.not_acceptable, out.getError().getCondition());
        assertNotNull("XEP-0191 section 3.5", out.getError().getExtension("blocked", "urn:xmpp:blocking:errors"));

        BlockingCommandManager.getInstanceFor(balcony).unblockAll();
        eventually(() -> chamberBlocks.getBlockList(), List::isEmpty);
        try (StanzaCollector got = balcony.createStanzaCollector(m -> m instanceof Message msg && "hello".equals(msg.getBody()))) {
            romeo.sendStanza(MessageBuilder.buildMessage().to(JidCreate.from(juliet + "@localhost/balcony")).ofType(Message.Type.chat).setBody("hello").build());
            assertNotNull("unblocked, romeo reaches her again", got.nextResult(5000));
        }
    }

    @Test
    public void blockingErrors() throws Exception {
        String juliet = newUser();
        String romeo = newUser();
        RawClient raw = raw(juliet, "raw");
        assertEquals("forbidden", condition(ask(raw, "<iq type='get' id='b1' to='" + romeo + "@localhost'><blocklist xmlns='urn:xmpp:blocking'/></iq>")));
        assertEquals("bad-request", condition(ask(raw, "<iq type='set' id='b2'><block xmlns='urn:xmpp:blocking'/></iq>")));
        assertEquals("bad-request", condition(ask(raw, "<iq type='get' id='b3'><block xmlns='urn:xmpp:blocking'/></iq>")));
        assertEquals("jid-malformed", condition(ask(raw, "<iq type='set' id='b4'><block xmlns='urn:xmpp:blocking'><item jid='a@b@c'/></block></iq>")));
    }

    // ---- carbons

    @Test
    public void whatOneResourceSendsAndReceivesTheOtherSeesUnlessItIsPrivate() throws Exception {
        String juliet = newUser();
        String romeoName = newUser();
        XMPPTCPConnection balcony = login(juliet, "balcony");
        XMPPTCPConnection chamber = login(juliet, "chamber");
        XMPPTCPConnection romeo = login(romeoName, "orchard");
        BlockingQueue<String> copies = new LinkedBlockingQueue<>();
        CarbonManager.getInstanceFor(chamber).addCarbonCopyReceivedListener(
                (direction, copy, wrapper) -> copies.add(direction + " " + copy.getBody()));
        CarbonManager.getInstanceFor(chamber).enableCarbons();

        romeo.sendStanza(MessageBuilder.buildMessage().to(JidCreate.from(juliet + "@localhost/balcony")).ofType(Message.Type.chat).setBody("hi").build());
        assertEquals(CarbonExtension.Direction.received + " hi", copies.poll(5, TimeUnit.SECONDS));
        balcony.sendStanza(MessageBuilder.buildMessage().to(bare(romeoName)).ofType(Message.Type.chat).setBody("hello").build());
        assertEquals(CarbonExtension.Direction.sent + " hello", copies.poll(5, TimeUnit.SECONDS));

        Message secret = MessageBuilder.buildMessage().to(bare(romeoName)).ofType(Message.Type.chat).setBody("secret").build();
        CarbonManager.disableCarbons(secret);   // XEP-0280 section 7: <private/>
        balcony.sendStanza(secret);
        balcony.sendStanza(MessageBuilder.buildMessage().to(bare(romeoName)).ofType(Message.Type.chat).setBody("after").build());
        assertEquals("the private message was not copied", CarbonExtension.Direction.sent + " after", copies.poll(5, TimeUnit.SECONDS));

        CarbonManager.getInstanceFor(chamber).disableCarbons();
        balcony.sendStanza(MessageBuilder.buildMessage().to(bare(romeoName)).ofType(Message.Type.chat).setBody("unseen").build());
        assertNull(copies.poll(1, TimeUnit.SECONDS));
    }

    @Test
    public void carbonsErrors() throws Exception {
        String juliet = newUser();
        String romeo = newUser();
        RawClient raw = raw(juliet, "raw");
        assertEquals("bad-request", condition(ask(raw, "<iq type='get' id='c1'><enable xmlns='urn:xmpp:carbons:2'/></iq>")));
        assertEquals("forbidden", condition(ask(raw, "<iq type='set' id='c2' to='" + romeo + "@localhost'><enable xmlns='urn:xmpp:carbons:2'/></iq>")));
        assertEquals("result", ask(raw, "<iq type='set' id='c3' to='localhost'><enable xmlns='urn:xmpp:carbons:2'/></iq>").attr("type"));
    }

    // ---- each module is a bundle of its own

    @Test
    public void eachModulesRequestsAnswerServiceUnavailableWhileItsBundleIsStopped() throws Exception {
        RawClient raw = raw(newUser(), "raw");
        List<String[]> modules = List.of(
                new String[] {"xmpp.mod.vcard", "<iq type='get' id='%s'><vCard xmlns='vcard-temp'/></iq>"},
                new String[] {"xmpp.mod.private", "<iq type='get' id='%s'><query xmlns='jabber:iq:private'><prefs xmlns='x:prefs'/></query></iq>"},
                new String[] {"xmpp.mod.blocking", "<iq type='get' id='%s'><blocklist xmlns='urn:xmpp:blocking'/></iq>"},
                new String[] {"xmpp.mod.carbons", "<iq type='set' id='%s'><enable xmlns='urn:xmpp:carbons:2'/></iq>"});
        AtomicInteger ids = new AtomicInteger();
        for (String[] module : modules) {
            long id = server.bundleId(module[0]);
            assertEquals(module[0], "result", ask(raw, String.format(module[1], "s" + ids.incrementAndGet())).attr("type"));
            server.ctl("stop " + id);
            eventually(() -> answer(raw, String.format(module[1], "s" + ids.incrementAndGet())), "service-unavailable"::equals);
            server.ctl("start " + id);
            eventually(() -> answer(raw, String.format(module[1], "s" + ids.incrementAndGet())), "result"::equals);
        }
    }

    // ---- helpers

    /** An element whose children are text only, e.g. {@code <x><photo>hash</photo></x>}. */
    static final class FlatElementProvider extends ExtensionElementProvider<StandardExtensionElement> {
        private final String name;
        private final String namespace;

        FlatElementProvider(String name, String namespace) {
            this.name = name;
            this.namespace = namespace;
        }

        @Override
        public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment env) throws XmlPullParserException, IOException {
            StandardExtensionElement.Builder element = StandardExtensionElement.builder(name, namespace);
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.START_ELEMENT) element.addElement(parser.getName(), parser.nextText());
                else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) return element.build();
            }
        }
    }

    private static String newUser() throws Exception {
        return server.newUser("sm");
    }

    private XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = server.available(user, resource);
        open.add(c::disconnect);
        return c;
    }

    private RawClient raw(String user, String resource) throws Exception {
        RawClient raw = RawClient.loggedIn(server.clientPort, TestServer.trusting(server.home.resolve("data")), user, "pw", resource);
        open.add(raw);
        return raw;
    }

    private static EntityBareJid bare(String user) throws Exception {
        return JidCreate.entityBareFrom(user + "@localhost");
    }

    /** Sends an IQ and returns the reply with its id. */
    static Element ask(RawClient raw, String iq) throws Exception {
        String id = xmpp.core.stream.XmlStreams.parseElement(iq).attr("id");
        raw.send(iq);
        Element reply;
        do {
            reply = raw.next();
        } while (!id.equals(reply.attr("id")));
        return reply;
    }

    /** "result", or the error's condition. */
    static String answer(RawClient raw, String iq) throws Exception {
        Element reply = ask(raw, iq);
        return reply.attr("type").equals("result") ? "result" : condition(reply);
    }

    private static String condition(Element reply) {
        assertEquals(reply.toString(), "error", reply.attr("type"));
        return reply.child("error").orElseThrow().elements().getFirst().name();
    }

    /** A chat message to {@code to}; the error that comes back with its id. */
    private static Message send(XMPPTCPConnection from, String to, String body) throws Exception {
        String id = "m" + System.nanoTime();
        try (StanzaCollector replies = from.createStanzaCollector(new StanzaIdFilter(id))) {
            from.sendStanza(MessageBuilder.buildMessage(id).to(JidCreate.from(to)).ofType(Message.Type.chat).setBody(body).build());
            Message m = replies.nextResult(5000);
            if (m == null) throw new AssertionError("nothing came back for the message to " + to);
            return m;
        }
    }
}
