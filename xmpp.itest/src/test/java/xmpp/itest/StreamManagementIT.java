package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.Chats.chat;
import static xmpp.itest.ServerProcess.eventually;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.MessageWithBodiesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.csi.ClientStateIndicationManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0198 and XEP-0352 end to end: the exported server as shipped, and Smack with stream
 * management and resumption on. A phone whose TCP connection dies without {@code </stream>}
 * ({@link XMPPTCPConnection#instantShutdown()}) comes back, or does not.
 */
public class StreamManagementIT {

    private static ServerProcess server;

    @BeforeClass
    public static void start() throws Exception {
        server = new ServerProcess().started();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) server.close();
    }

    /** A client of {@code user} with stream management and resumption, logged in; {@code bodies} gets each message's body. */
    private static XMPPTCPConnection phone(String user, String resource, int maxResumeSeconds, BlockingQueue<String> bodies) throws Exception {
        XMPPTCPConnection c = server.client("localhost", user, "pw", resource, "SCRAM-SHA-1");
        c.setUseStreamManagement(true);
        c.setUseStreamManagementResumption(true);
        if (maxResumeSeconds > 0) c.setPreferredResumptionTime(maxResumeSeconds);
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        c.addSyncStanzaListener(s -> bodies.add(((Message) s).getBody()), MessageWithBodiesFilter.INSTANCE);
        c.connect().login();
        assertTrue("stream management is on", c.isSmEnabled());
        return c;
    }

    private static String next(BlockingQueue<String> bodies) throws InterruptedException {
        String body = bodies.poll(30, TimeUnit.SECONDS);
        assertNotNull("no message within 30 s", body);
        return body;
    }

    /** A disco#info request to the server and its answer, always over the wire (Smack's discoverInfo may answer from its caps cache). */
    private static void roundTrip(XMPPTCPConnection c) throws Exception {
        c.sendIqRequestAndWaitForResponse(DiscoverInfo.builder(c).to(JidCreate.domainBareFrom("localhost")).ofType(IQ.Type.get).build());
    }

    @Test
    public void aPhoneKilledMidConversationResumesAndGetsEveryMessageSentMeanwhile() throws Exception {
        String romeo = server.newUser("sm");
        String juliet = server.newUser("sm");
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        XMPPTCPConnection phone = phone(romeo, "phone", 0, bodies);
        XMPPTCPConnection garden = server.available(juliet, "garden");
        try {
            EntityFullJid to = JidCreate.entityFullFrom(romeo + "@localhost/phone");
            chat(garden, to, "before");
            assertEquals("before", next(bodies));

            phone.instantShutdown();   // the TCP connection ends, no </stream>
            List<String> meanwhile = List.of("one", "two", "three");
            for (String b : meanwhile) chat(garden, to, b);
            eventually(() -> server.ctl("xmpp:sessions"), out -> out.lines().anyMatch(l -> l.startsWith(romeo + "@localhost/phone") && l.contains(" detached ")));

            phone.connect().login();
            assertTrue("resumed, not bound anew", phone.streamWasResumed());
            List<String> got = new ArrayList<>();
            while (got.size() < meanwhile.size()) {
                String body = next(bodies);
                if (!body.equals("before")) got.add(body);   // unacknowledged, so it may come again (XEP-0198 section 5)
            }
            assertEquals(meanwhile, got);
            chat(garden, to, "after");
            assertEquals("after", next(bodies));
        } finally {
            phone.disconnect();
            garden.disconnect();
        }
    }

    @Test
    public void aPhoneThatNeverComesBackFindsItsMessagesOfflineAtNextLogin() throws Exception {
        String romeo = server.newUser("sm");
        String juliet = server.newUser("sm");
        XMPPTCPConnection phone = phone(romeo, "lost", 2, new LinkedBlockingQueue<>());   // the phone asks for 2 s, not the server's 300
        phone.sendStanza(PresenceBuilder.buildPresence().build());
        XMPPTCPConnection garden = server.available(juliet, "garden");
        try {
            phone.instantShutdown();
            chat(garden, JidCreate.entityFullFrom(romeo + "@localhost/lost"), "are you there?");
            eventually(() -> server.ctl("xmpp:sessions"), out -> !out.contains(romeo + "@localhost/lost"));
            server.awaitOffline(romeo + "@localhost", 1);   // what the session kept is stored a moment after it ends

            BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
            XMPPTCPConnection back = server.backOnline("localhost", romeo, "back", bodies);
            assertEquals("are you there?", next(bodies));
            back.disconnect();
        } finally {
            garden.disconnect();
        }
    }

    @Test
    public void aResumptionAfterARestartFailsCleanlyAndTheClientBindsAnew() throws Exception {
        String romeo = server.newUser("sm");
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        XMPPTCPConnection phone = phone(romeo, "restarted", 0, bodies);
        phone.instantShutdown();
        server.stop();   // resumption ids live in memory only
        server.started();
        phone.connect().login();   // Smack tries <resume/>, gets item-not-found, and binds
        try {
            assertTrue(phone.isAuthenticated());
            assertTrue("not resumed", !phone.streamWasResumed());
            XMPPTCPConnection garden = server.available(server.newUser("sm"), "garden");
            chat(garden, JidCreate.entityFullFrom(romeo + "@localhost/restarted"), "welcome back");
            assertEquals("welcome back", next(bodies));
            garden.disconnect();
        } finally {
            phone.disconnect();
        }
    }

    @Test
    public void anInactiveClientGetsNoPresenceUntilActiveAndThenOnlyTheLatest() throws Exception {
        String romeo = server.newUser("csi");
        String juliet = server.newUser("csi");
        XMPPTCPConnection pocket = server.available(romeo, "pocket");
        BlockingQueue<String> statuses = new LinkedBlockingQueue<>();
        pocket.addSyncStanzaListener(s -> {
            Presence p = (Presence) s;
            if (p.getFrom().toString().startsWith(juliet + "@")) statuses.add(String.valueOf(p.getStatus()));
        }, StanzaTypeFilter.PRESENCE);
        XMPPTCPConnection window = server.available(juliet, "window");
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        pocket.addSyncStanzaListener(s -> bodies.add(((Message) s).getBody()), MessageWithBodiesFilter.INSTANCE);
        try {
            ClientStateIndicationManager.inactive(pocket);
            roundTrip(pocket);   // <inactive/> is no request: romeo's round trip (nothing waits yet to come along) shows the server has read it
            EntityFullJid to = JidCreate.entityFullFrom(romeo + "@localhost/pocket");
            for (String status : List.of("reading", "walking", "asleep"))
                window.sendStanza(window.getStanzaFactory().buildPresenceStanza().to(to).setStatus(status).build());
            roundTrip(window);   // juliet's presences were routed; a round trip of romeo's would bring them along, being an IQ

            ClientStateIndicationManager.active(pocket);
            assertEquals("asleep", statuses.poll(30, TimeUnit.SECONDS));
            chat(window, to, "good night");   // after the presence in one queue: whatever else were waiting comes first
            assertEquals("good night", next(bodies));
            assertTrue("only the latest presence, not " + statuses, statuses.isEmpty());
        } finally {
            pocket.disconnect();
            window.disconnect();
        }
    }
}
