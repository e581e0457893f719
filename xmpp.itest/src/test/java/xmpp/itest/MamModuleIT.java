package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;
import static xmpp.itest.ServiceModulesIT.ask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.element.MamPrefsIQ;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import xmpp.c2s.internal.RawClient;
import xmpp.c2s.internal.TestServer;
import xmpp.core.xml.Element;

/**
 * Message archives (XEP-0313) in the exported server: 10,000 messages paged both ways with
 * Smack's MamManager and a {@code with} filter; the stanza ids clients see (XEP-0359), the
 * query form's fields, the metadata and the preferences with a raw client; an offline message
 * archived once; the archive gone with its account.
 */
public class MamModuleIT {

    private static final String MAM = "urn:xmpp:mam:2";
    private static final long TIMEOUT_MS = 20_000;
    private static ServerProcess server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeClass
    public static void start() throws Exception {
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

    @Test
    public void tenThousandMessagesArePagedForwardsAndBackwardsWithAWithFilter() throws Exception {
        String juliet = server.newUser("mam"), romeo = server.newUser("mam"), nurse = server.newUser("mam");
        XMPPTCPConnection julietPhone = login(juliet, "phone"), romeoPhone = login(romeo, "phone"), nursePhone = login(nurse, "phone");
        AtomicInteger received = new AtomicInteger();
        julietPhone.addAsyncStanzaListener(s -> received.incrementAndGet(), StanzaTypeFilter.MESSAGE);
        EntityBareJid julietJid = JidCreate.entityBareFrom(juliet + "@localhost");
        int total = 10_000;
        for (int i = 0; i < total; i++) {
            romeoPhone.sendStanza(chat(julietJid, Integer.toString(i)));
            if (i % 100 == 0) nursePhone.sendStanza(chat(julietJid, "nurse " + i));   // what the filter leaves out
            // Juliet's client reads at its own pace: in steps, so her session's queue never overflows.
            if (i % 500 == 499) {
                int expected = i + 1 + i / 100 + 1;
                eventually(received::get, n -> n >= expected);
            }
        }
        MamManager mam = MamManager.getInstanceFor(julietPhone);
        assertTrue("the account announces urn:xmpp:mam:2", mam.isSupported());
        EntityBareJid romeoJid = JidCreate.entityBareFrom(romeo + "@localhost");

        MamManager.MamQuery forwards = mam.queryArchive(MamManager.MamQueryArgs.builder().limitResultsToJid(romeoJid).setResultPageSizeTo(250).build());
        List<String> seen = new ArrayList<>(bodies(forwards.getMessages()));
        assertEquals(250, forwards.getMessageCount());
        assertEquals("the count is of romeo's messages only", total, count(forwards));
        while (!forwards.isComplete()) seen.addAll(bodies(forwards.pageNext(250)));
        assertEquals(expected(total), seen);

        MamManager.MamQuery backwards = mam.queryArchive(MamManager.MamQueryArgs.builder().limitResultsToJid(romeoJid).setResultPageSizeTo(250)
                .queryLastPage().build());
        List<List<String>> pages = new ArrayList<>();
        pages.add(bodies(backwards.getMessages()));
        while (!backwards.isComplete()) pages.add(bodies(backwards.pagePrevious(250)));
        Collections.reverse(pages);
        assertEquals("each page oldest first, the pages from the newest back", expected(total), pages.stream().flatMap(List::stream).toList());
        assertEquals(total / 250, pages.size());

        MamManager romeoMam = MamManager.getInstanceFor(romeoPhone);
        assertTrue(romeoMam.isSupported());   // Smack 4.5.0-beta5 learns the MAM version here, and needs it for the query
        MamManager.MamQuery romeoSent = romeoMam.queryArchive(MamManager.MamQueryArgs.builder()
                .limitResultsToJid(julietJid).onlyReturnMessageCount().build());
        assertEquals("what romeo sent is in his own archive too", total, count(romeoSent));
    }

    @Test
    public void stanzaIdsTheQueryFieldsMetadataAndPreferences() throws Exception {
        String juliet = server.newUser("mam"), romeo = server.newUser("mam");
        RawClient julietRaw = raw(juliet, "raw");
        julietRaw.available();   // romeo's messages to her account come to her, not to her offline storage
        XMPPTCPConnection romeoPhone = login(romeo, "phone");
        EntityBareJid julietJid = JidCreate.entityBareFrom(juliet + "@localhost");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            romeoPhone.sendStanza(chat(julietJid, "m" + i));
            Element message = nextMessage(julietRaw);
            Element stanzaId = message.child("stanza-id", "urn:xmpp:sid:0").orElseThrow(() -> new AssertionError("no stanza-id: " + message));
            assertEquals(juliet + "@localhost", stanzaId.attr("by"));
            ids.add(stanzaId.attr("id"));
        }
        Element info = ask(julietRaw, "<iq type='get' id='d1' to='" + juliet + "@localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        for (String feature : List.of(MAM, "urn:xmpp:mam:2#extended", "urn:xmpp:sid:0"))
            assertTrue(feature + " in " + info, info.child("query").orElseThrow().elements().stream().anyMatch(f -> f.attr("var").equals(feature)));

        assertEquals(List.of("m1", "m3"), query(julietRaw, field("ids", ids.get(3), ids.get(1)), ""));
        assertEquals(List.of("m2", "m3"), query(julietRaw, field("after-id", ids.get(1)) + field("before-id", ids.get(4)), ""));
        assertEquals(List.of("m4"), query(julietRaw, field("with", romeo + "@localhost/phone") + field("after-id", ids.get(3)), ""));
        assertEquals(List.of(), query(julietRaw, field("start", "2999-01-01T00:00:00Z"), ""));
        assertEquals(List.of("m0", "m1"), query(julietRaw, field("end", "2999-01-01T00:00:00Z"), "<max>2</max>"));
        Element unknown = ask(julietRaw, "<iq type='set' id='u1'><query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'>"
                + "<after>12345</after></set></query></iq>");
        assertEquals("item-not-found", unknown.child("error").orElseThrow().elements().getFirst().name());
        Element metadata = ask(julietRaw, "<iq type='get' id='md'><metadata xmlns='urn:xmpp:mam:2'/></iq>").child("metadata").orElseThrow();
        assertEquals(ids.getFirst(), metadata.child("start").orElseThrow().attr("id"));
        assertEquals(ids.getLast(), metadata.child("end").orElseThrow().attr("id"));

        // Raw: Smack 4.5.0-beta5's setDefaultBehavior reads the namespace of the IQ, not of <prefs/>, and fails.
        assertEquals("result", ask(julietRaw, "<iq type='set' id='p1'><prefs xmlns='urn:xmpp:mam:2' default='never'/></iq>").attr("type"));
        XMPPTCPConnection julietPhone = login(juliet, "phone");
        assertEquals(MamPrefsIQ.DefaultBehavior.never, MamManager.getInstanceFor(julietPhone).retrieveArchivingPreferences().mamPrefs.getDefault());
        romeoPhone.sendStanza(chat(julietJid, "unarchived"));
        Element unarchived = nextMessage(julietRaw);
        assertEquals("unarchived", unarchived.child("body").orElseThrow().text());
        assertTrue("never: no stanza id", unarchived.child("stanza-id", "urn:xmpp:sid:0").isEmpty());
        assertEquals(5, query(julietRaw, "", "").size());
    }

    @Test
    public void anOfflineMessageIsArchivedOnceAndDeliveredWithItsStanzaId() throws Exception {
        String juliet = server.newUser("mam"), romeo = server.newUser("mam");
        XMPPTCPConnection romeoPhone = login(romeo, "phone");
        romeoPhone.sendStanza(chat(JidCreate.entityBareFrom(juliet + "@localhost"), "while you slept"));
        RawClient julietRaw = raw(juliet, "raw");
        eventually(() -> query(julietRaw, "", ""), l -> l.equals(List.of("while you slept")));
        julietRaw.send("<presence/>");
        Element delivered = nextMessage(julietRaw);
        assertTrue("the offline delay", delivered.child("delay", "urn:xmpp:delay").isPresent());
        assertTrue(delivered.child("stanza-id", "urn:xmpp:sid:0").isPresent());
        assertEquals("archived when it arrived, not again at delivery", List.of("while you slept"), query(julietRaw, "", ""));
    }

    @Test
    public void deletingAUserDeletesHerArchive() throws Exception {
        String juliet = server.newUser("mam"), romeo = server.newUser("mam");
        XMPPTCPConnection romeoPhone = login(romeo, "phone");
        RawClient julietRaw = raw(juliet, "raw");
        julietRaw.available();
        romeoPhone.sendStanza(chat(JidCreate.entityBareFrom(juliet + "@localhost"), "remember me"));
        nextMessage(julietRaw);
        assertEquals(List.of("remember me"), query(julietRaw, "", ""));
        julietRaw.close();
        assertEquals("deleted " + juliet + "@localhost and everything stored for it", server.ctl("xmpp:users delete " + juliet + "@localhost").strip());
        assertEquals("created " + juliet + "@localhost", server.ctl("xmpp:users add " + juliet + "@localhost pw").strip());
        assertEquals("the name's new owner finds nothing of the old", List.of(), query(raw(juliet, "again"), "", ""));
    }

    private static Message chat(EntityBareJid to, String body) {
        return MessageBuilder.buildMessage().to(to).ofType(Message.Type.chat).setBody(body).build();
    }

    /** The RSM count of the query's page: how many messages match it in all. */
    private static int count(MamManager.MamQuery query) {
        return query.getPage().getMamFinIq().getRSMSet().getCount();
    }

    private static List<String> expected(int total) {
        return IntStream.range(0, total).mapToObj(Integer::toString).toList();
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }

    private static String field(String var, String... values) {
        StringBuilder b = new StringBuilder("<field var='" + var + "'>");
        for (String v : values) b.append("<value>").append(v).append("</value>");
        return b.append("</field>").toString();
    }

    private static final AtomicInteger queries = new AtomicInteger();

    /** The bodies of a query's results, read until its answer, which must be a result. */
    private static List<String> query(RawClient raw, String fields, String rsm) throws Exception {
        String id = "q" + queries.incrementAndGet();
        raw.send("<iq type='set' id='" + id + "'><query xmlns='urn:xmpp:mam:2' queryid='" + id + "'><x xmlns='jabber:x:data' type='submit'>"
                + field("FORM_TYPE", MAM) + fields + "</x><set xmlns='http://jabber.org/protocol/rsm'>" + rsm + "</set></query></iq>");
        List<String> bodies = new ArrayList<>();
        for (Element e = raw.next(); !id.equals(e.attr("id")); e = raw.next()) {
            e.child("result", MAM).filter(r -> r.attr("queryid").equals(id)).ifPresent(r ->
                    bodies.add(r.child("forwarded").orElseThrow().child("message").orElseThrow().child("body").orElseThrow().text()));
        }
        return bodies;
    }

    private static Element nextMessage(RawClient raw) throws Exception {
        for (Element e = raw.next(); ; e = raw.next()) if (e.name().equals("message") && e.child("body").isPresent()) return e;
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
}
