package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Federation end to end: two exported servers on loopback, a.test and b.test, each with its own
 * ports, data and self-signed certificates, and a static route to the other; Smack users on each.
 * Dialback first, as their certificates prove nothing; then each trusts the other's certificate
 * (trust.anchors, changed live) and the streams authenticate by SASL EXTERNAL. That test runs
 * last (by name), since it changes how the servers authenticate each other for good.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FederationIT {

    private static ServerProcess a;
    private static ServerProcess b;
    @Rule
    public final OpenConnections open = new OpenConnections();

    @BeforeClass
    public static void start() throws Exception {
        Roster.setDefaultSubscriptionMode(Roster.SubscriptionMode.manual);
        a = new ServerProcess("a.test");
        b = new ServerProcess("b.test");
        a.federateWith(b);
        b.federateWith(a);
        a.started();
        b.started();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    private XMPPTCPConnection login(ServerProcess server, String user) throws Exception {
        return open.available(server, user, "r");
    }

    private static BareJid bare(ServerProcess server, String user) throws Exception {
        return JidCreate.bareFrom(user + "@" + server.domain);
    }

    private static Roster loadedRoster(XMPPTCPConnection c) throws Exception {
        Roster roster = Roster.getInstanceFor(c);
        if (!roster.isLoaded()) roster.reloadAndWait();
        return roster;
    }

    private static Message chat(XMPPTCPConnection from, BareJid to, String body) throws Exception {
        Message m = from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat).setBody(body).build();
        from.sendStanza(m);
        return m;
    }

    private static String received(XMPPTCPConnection c, BareJid from, Runnable send) throws Exception {
        try (StanzaCollector messages = c.createStanzaCollector(new AndFilter(StanzaTypeFilter.MESSAGE, FromMatchesFilter.createBare(from)))) {
            send.run();
            Message m = messages.nextResult(30_000);
            assertNotNull("no message from " + from, m);
            return m.getBody();
        }
    }

    @Test
    public void usersOfBothServersExchangeMessagesSubscriptionsAndIqsOverOneStreamPair() throws Exception {
        String romeoName = a.newUser("romeo");
        String julietName = b.newUser("juliet");
        XMPPTCPConnection romeo = login(a, romeoName);
        XMPPTCPConnection juliet = login(b, julietName);
        BareJid romeoJid = bare(a, romeoName);
        BareJid julietJid = bare(b, julietName);

        assertEquals("hi", received(juliet, romeoJid, () -> unchecked(() -> chat(romeo, julietJid, "hi"))));
        assertEquals("hello", received(romeo, julietJid, () -> unchecked(() -> chat(juliet, romeoJid, "hello"))));

        // RFC 6121 section 3.1 across the two servers: request, approval, presence after it.
        Roster romeoRoster = loadedRoster(romeo);
        Roster julietRoster = loadedRoster(juliet);
        try (StanzaCollector requests = juliet.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createBare(romeoJid)))) {
            romeoRoster.createItemAndRequestSubscription(julietJid, "Juliet", null);
            Presence request = (Presence) requests.nextResult(30_000);
            assertNotNull("the request reaches b.test", request);
            assertEquals(Presence.Type.subscribe, request.getType());
        }
        juliet.sendStanza(juliet.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.subscribed).to(romeoJid).build());
        eventually(() -> romeoRoster.getEntry(julietJid), e -> e != null && e.getType() == ItemType.to);
        eventually(() -> romeoRoster.getPresence(julietJid).isAvailable(), yes -> yes);
        eventually(() -> julietRoster.getEntry(romeoJid), e -> e != null && e.getType() == ItemType.from);

        // IQs both ways: each user asks the other server its version.
        assertNotNull(VersionManager.getInstanceFor(romeo).getVersion(JidCreate.domainBareFrom(b.domain)).getName());
        assertNotNull(VersionManager.getInstanceFor(juliet).getVersion(JidCreate.domainBareFrom(a.domain)).getName());

        String streams = a.ctl("xmpp:s2s");
        assertEquals("one stream a.test -> b.test, reused:\n" + streams, 1, streams.lines().filter(l -> l.contains(" out ") && l.contains("b.test")).count());
        assertTrue(streams, streams.lines().anyMatch(l -> l.contains(" out ") && l.contains("dialback") && l.contains("TLSv1.3")));
        assertTrue(streams, streams.lines().anyMatch(l -> l.contains(" in ") && l.contains("b.test") && l.contains("dialback")));
    }

    @Test
    public void aStanzaToAnUnknownDomainIsBouncedWithRemoteServerNotFound() throws Exception {
        XMPPTCPConnection romeo = login(a, a.newUser("romeo"));
        try (StanzaCollector errors = romeo.createStanzaCollector(MessageTypeFilter.ERROR)) {
            chat(romeo, JidCreate.bareFrom("nobody@nowhere.invalid"), "anyone?");
            Message bounce = errors.nextResult(60_000);
            assertNotNull("bounced", bounce);
            assertEquals(StanzaError.Condition.remote_server_not_found, bounce.getError().getCondition());
        }
    }

    @Test
    public void withEachTrustingTheOthersCertificateStreamsAuthenticateBySaslExternal() throws Exception {
        a.configure("xmpp.s2s.cfg", "trust.anchors", b.home.resolve("data/certs/b.test.crt").toString());
        b.configure("xmpp.s2s.cfg", "trust.anchors", a.home.resolve("data/certs/a.test.crt").toString());
        XMPPTCPConnection romeo = login(a, a.newUser("romeo"));
        String julietName = b.newUser("juliet");
        XMPPTCPConnection juliet = login(b, julietName);
        BareJid julietJid = bare(b, julietName);
        // The service restarts with the new anchors within a second or two; a message sent meanwhile may be bounced, so ask until one arrives.
        eventually(() -> {
            try (StanzaCollector messages = juliet.createStanzaCollector(StanzaTypeFilter.MESSAGE)) {
                chat(romeo, julietJid, "over EXTERNAL?");
                Message m = messages.nextResult(10_000);
                return m != null && m.getType() != Message.Type.error && a.ctl("xmpp:s2s").contains("SASL EXTERNAL");
            }
        }, yes -> yes);
        String streams = a.ctl("xmpp:s2s");
        assertTrue(streams, streams.lines().anyMatch(l -> l.contains(" out ") && l.contains("b.test") && l.contains("SASL EXTERNAL")));
        long id = Long.parseLong(streams.lines().filter(l -> l.contains(" out ") && l.contains("b.test")).findFirst().orElseThrow().strip().split("\\s+")[0]);
        assertEquals("closed stream " + id + "; stanzas still waiting for it are bounced", a.ctl("xmpp:s2s close " + id).strip());
    }

    /** Runs code that throws where a Runnable is wanted; a test's failure is a failure either way. */
    private static void unchecked(java.util.concurrent.Callable<?> code) {
        try {
            code.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
