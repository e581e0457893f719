package xmpp.mod.mam.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xmpp.mod.mam.internal.Fixtures.JULIET;
import static xmpp.mod.mam.internal.Fixtures.ROMEO;
import static xmpp.mod.mam.internal.Fixtures.xml;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.mam.ArchiveIds;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.xml.Element;

/** What goes into whose archive, with which stanza id (XEP-0313 section 7, XEP-0359). */
class ArchivingTest {

    static final Jid ROMEO_PHONE = ROMEO.withResource("phone");
    static final Jid JULIET_BALCONY = JULIET.withResource("balcony");
    static final Jid JULIET_GARDEN = JULIET.withResource("garden");

    final Fixtures.ListArchive archive = new Fixtures.ListArchive();
    final Fixtures.MapPrivateXml privateXml = new Fixtures.MapPrivateXml();
    final ArchiveWriter writer = new ArchiveWriter(Fixtures.config("always", 1 << 20), archive);
    final PreferenceBook preferences = new PreferenceBook(Fixtures.config("always", 1 << 20), privateXml);
    final Archiver archiver = new Archiver(writer, preferences, roster(Set.of(ROMEO)));
    final SentArchiving sent = new SentArchiving(archiver);
    final ReceivedArchiving received = new ReceivedArchiving(archiver);

    @AfterEach
    void stop() throws Exception {
        writer.stop();
    }

    /** A roster of Juliet's holding {@code contacts}. */
    static RosterStore roster(Set<Jid> contacts) {
        return new RosterStore() {
            @Override public List<RosterItem> items(Jid owner) { return List.of(); }
            @Override public Optional<RosterItem> item(Jid owner, Jid contact) {
                return owner.equals(JULIET) && contacts.contains(contact) ? Optional.of(RosterItem.of(contact, "", Set.of())) : Optional.empty();
            }
            @Override public long put(Jid owner, RosterItem item) { return 0; }
            @Override public long remove(Jid owner, Jid contact) { return 0; }
            @Override public long version(Jid owner) { return 0; }
            @Override public int count(Jid owner) { return 0; }
        };
    }

    static Element chat(String extra) throws Exception {
        return xml("<message from='romeo@example.net/phone' to='juliet@example.com' type='chat' id='m1'><body>hi</body>" + extra + "</message>");
    }

    List<ArchivedMessage> archived() throws InterruptedException {
        writer.awaitWritten(Duration.ofSeconds(10));
        return archive.snapshot();
    }

    static Element stanzaId(Element message) {
        return message.child("stanza-id", MamNamespaces.SID).orElseThrow();
    }

    @Test
    void aMessageIsArchivedForItsSenderAndForItsRecipientWhoGetsItsStanzaId() throws Exception {
        Element out = sent.process(ROMEO_PHONE, JULIET, chat(""));
        Element in = received.process(ROMEO_PHONE, JULIET_BALCONY, out);
        List<ArchivedMessage> all = archived();
        assertEquals(2, all.size());
        assertEquals(ROMEO, all.get(0).archive());
        assertEquals(JULIET, all.get(0).with());
        assertEquals(JULIET, all.get(1).archive());
        assertEquals(ROMEO_PHONE, all.get(1).with());
        assertEquals(JULIET.toString(), stanzaId(in).attr("by"));
        assertEquals(ArchiveIds.format(all.get(1).id()), stanzaId(in).attr("id"));
        assertEquals(stanzaId(in), stanzaId(all.get(1).message()), "the archive keeps the message as delivered");
    }

    @Test
    void aMessageToTheAccountReachingTwoSessionsIsArchivedOnceWithOneId() throws Exception {
        Element message = chat("");
        Element toBalcony = received.process(ROMEO_PHONE, JULIET_BALCONY, message);
        Element toGarden = received.process(ROMEO_PHONE, JULIET_GARDEN, message);
        assertEquals(stanzaId(toBalcony), stanzaId(toGarden));
        assertEquals(1, archived().size());
        Element another = chat("");
        assertNotEquals(stanzaId(toBalcony), stanzaId(received.process(ROMEO_PHONE, JULIET_BALCONY, another)), "an equal message is another message");
        assertEquals(2, archived().size());
    }

    @Test
    void anOfflineMessageIsArchivedWhenKeptAndNotAgainWhenDeliveredLater() throws Exception {
        Element kept = received.process(ROMEO_PHONE, JULIET, chat(""));   // the offline_message hook, before offline storage
        Element deliveredAtLogin = kept.withChild(xml("<delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:00Z'/>"));
        assertSame(deliveredAtLogin, received.process(ROMEO_PHONE, JULIET_BALCONY, deliveredAtLogin));
        assertEquals(1, archived().size());
    }

    @Test
    void aStanzaIdTheSenderWroteForAnArchiveIsRemoved() throws Exception {
        Element forged = chat("<stanza-id xmlns='urn:xmpp:sid:0' by='juliet@example.com' id='forged'/>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' by='romeo@example.net' id='mine'/>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' by='room@conference.example.com' id='room'/>");
        Element passed = sent.process(ROMEO_PHONE, JULIET, forged);
        assertEquals(List.of("room"), passed.elements().stream().filter(e -> e.name().equals("stanza-id")).map(e -> e.attr("id")).toList());
        Element in = received.process(ROMEO_PHONE, JULIET_BALCONY, passed);
        assertNotEquals("forged", stanzaId(in).attr("id"));
        assertEquals(2, archived().size(), "the forged id did not keep it out of Juliet's archive");
    }

    @Test
    void onlyMessagesWithABodyOfTypeChatOrNormalAreArchivedUnlessAHintSaysOtherwise() throws Exception {
        Element composing = xml("<message type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");
        assertSame(composing, received.process(ROMEO_PHONE, JULIET_BALCONY, composing));
        Element noStore = chat("<no-permanent-store xmlns='urn:xmpp:hints'/>");
        assertSame(noStore, received.process(ROMEO_PHONE, JULIET_BALCONY, noStore));
        Element headline = xml("<message type='headline'><body>news</body></message>");
        assertSame(headline, received.process(ROMEO_PHONE, JULIET_BALCONY, headline));
        Element groupchat = xml("<message type='groupchat'><body>all</body></message>");
        assertSame(groupchat, received.process(ROMEO_PHONE, JULIET_BALCONY, groupchat));
        Element carbon = xml("<message><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                + "<message xmlns='jabber:client'><body>copy</body></message></forwarded></received></message>");
        assertSame(carbon, received.process(ROMEO_PHONE, JULIET_BALCONY, carbon));
        Element stored = xml("<message type='chat'><displayed xmlns='urn:xmpp:chat-markers:0' id='x'/><store xmlns='urn:xmpp:hints'/></message>");
        received.process(ROMEO_PHONE, JULIET_BALCONY, stored);
        assertEquals(1, archived().size(), "only the one with a store hint");
    }

    @Test
    void preferencesDecidePerCorrespondentAndNeverArchivedMessagesGetNoStanzaId() throws Exception {
        Jid nurse = Jid.of("nurse@example.com/kitchen");
        Jid tybalt = Jid.of("tybalt@example.com");
        preferences.set(JULIET, new Preferences(Preferences.Mode.ROSTER, Set.of(nurse.bare()), Set.of(ROMEO)));
        Element fromRomeo = received.process(ROMEO_PHONE, JULIET_BALCONY, chat(""));
        assertTrue(fromRomeo.child("stanza-id", MamNamespaces.SID).isEmpty(), "never beats the roster");
        received.process(nurse, JULIET_BALCONY, chat(""));
        received.process(tybalt, JULIET_BALCONY, chat(""));
        assertEquals(List.of(nurse), archived().stream().map(ArchivedMessage::with).toList(), "always by her bare JID; tybalt is not in the roster");
        preferences.set(JULIET, new Preferences(Preferences.Mode.NEVER, Set.of(), Set.of()));
        received.process(nurse, JULIET_BALCONY, chat(""));
        assertEquals(1, archived().size());
    }

    @Test
    void aFullQueueHoldsTheRoutingThreadRatherThanLoseAndAFailedWriteIsLoggedNotRetriedForEver() throws Exception {
        writer.stop();
        ArchiveWriter tiny = new ArchiveWriter(Fixtures.config("always", 1), archive);
        Archiver direct = new Archiver(tiny, preferences, roster(Set.of()));
        for (int i = 0; i < 200; i++) direct.archive(JULIET, ROMEO, chat(""));
        tiny.awaitWritten(Duration.ofSeconds(10));
        assertEquals(200, archive.snapshot().size(), "none lost to the full queue");
        assertEquals(200, archive.snapshot().stream().map(ArchivedMessage::id).distinct().count());
        archive.failing = true;
        direct.archive(JULIET, ROMEO, chat(""));
        tiny.awaitWritten(Duration.ofSeconds(10));   // returns once the failed batch is logged
        archive.failing = false;
        direct.archive(JULIET, ROMEO, chat(""));
        tiny.stop();
        assertEquals(201, archive.snapshot().size(), "the writer goes on after a failure, and writes what is queued before it stops");
    }
}
