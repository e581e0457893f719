package xmpp.storage.jdbc.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import xmpp.core.jid.Jid;
import xmpp.core.spi.auth.ScramAuthenticator;
import xmpp.core.spi.auth.ScramMechanism;
import xmpp.core.storage.ArchivePage;
import xmpp.core.storage.ArchiveQuery;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.OfflineMessage;
import xmpp.core.storage.PubSubAffiliation;
import xmpp.core.storage.PubSubItem;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubSubscription;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.StorageException;
import xmpp.core.storage.Subscription;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** What every store must do, whatever the database; run on H2 and on PostgreSQL by the subclasses. */
abstract class StoreContractTest {

    static final Jid ROMEO = Jid.of("romeo@example.net");
    static final Jid JULIET = Jid.of("juliet@example.com");

    Database db;
    JdbcUserStore users;
    JdbcRosterStore rosters;
    JdbcOfflineStore offline;
    JdbcPrivateXmlStore privateXml;
    JdbcVCardStore vcards;
    JdbcPubSubStore pubsub;
    JdbcRoomStore rooms;
    JdbcMessageArchive archive;

    /** A fresh, empty database for each test. */
    abstract Database openEmptyDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        db = openEmptyDatabase();
        users = new JdbcUserStore(db);
        rosters = new JdbcRosterStore(db);
        offline = new JdbcOfflineStore(db);
        privateXml = new JdbcPrivateXmlStore(db);
        vcards = new JdbcVCardStore(db);
        pubsub = new JdbcPubSubStore(db);
        rooms = new JdbcRoomStore(db);
        archive = new JdbcMessageArchive(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Element xml(String s) throws Exception {
        return XmlStreams.parseElement(s);
    }

    @Test
    void roomsAreStoredPerServiceReplacedAndDeleted() throws Exception {
        Jid room = Jid.of("verona@conference.example.com");
        rooms.put(room, xml("<room xmlns='urn:x-test'><subject>old</subject></room>"));
        rooms.put(room, xml("<room xmlns='urn:x-test'><subject>new</subject></room>"));
        rooms.put(Jid.of("elsewhere@chat.example.com"), xml("<room xmlns='urn:x-test'/>"));
        var stored = rooms.rooms("conference.example.com");
        assertEquals(List.of(room), List.copyOf(stored.keySet()));
        assertEquals("new", stored.get(room).child("subject").orElseThrow().text());
        rooms.delete(room);
        rooms.delete(room);
        assertTrue(rooms.rooms("conference.example.com").isEmpty());
        assertEquals(1, rooms.rooms("chat.example.com").size());
    }

    static ArchivedMessage archived(Jid owner, long id, Jid with) throws Exception {
        return archived(owner, id, with, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id));
    }

    static ArchivedMessage archived(Jid owner, long id, Jid with, Instant stamp) throws Exception {
        return new ArchivedMessage(owner, id, stamp, with, xml("<message type='chat'><body>" + id + "</body></message>"));
    }

    static List<Long> ids(ArchivePage page) {
        return page.messages().stream().map(ArchivedMessage::id).toList();
    }

    @Test
    void anArchiveIsPagedForwardsAndBackwardsInIdOrder() throws Exception {
        List<ArchivedMessage> messages = new ArrayList<>();
        for (long id = 1; id <= 25; id++) messages.add(archived(ROMEO, id * 10, id % 2 == 0 ? JULIET.withResource("balcony") : Jid.of("nurse@example.com")));
        archive.append(messages);
        archive.append(List.of(archived(JULIET, 5, ROMEO)));
        ArchivePage first = archive.query(ROMEO, ArchiveQuery.first(10));
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L), ids(first));
        assertFalse(first.complete());
        assertEquals(25, first.count());
        ArchivePage third = archive.query(ROMEO, ArchiveQuery.first(10).after(Optional.of(200L), 10));
        assertEquals(List.of(210L, 220L, 230L, 240L, 250L), ids(third));
        assertTrue(third.complete(), "nothing after the last page");
        ArchivePage last = archive.query(ROMEO, ArchiveQuery.first(10).before(Optional.empty(), 10));
        assertEquals(List.of(160L, 170L, 180L, 190L, 200L, 210L, 220L, 230L, 240L, 250L), ids(last));
        assertFalse(last.complete());
        ArchivePage backToTheStart = archive.query(ROMEO, ArchiveQuery.first(10).before(Optional.of(60L), 10));
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L), ids(backToTheStart));
        assertTrue(backToTheStart.complete(), "nothing before the first page");
        assertEquals("30", archive.query(ROMEO, ArchiveQuery.first(3)).messages().get(2).message().child("body").orElseThrow().text());
        assertEquals(0, archive.query(ROMEO, ArchiveQuery.first(0)).messages().size());
        assertEquals(25, archive.query(ROMEO, ArchiveQuery.first(0)).count());
    }

    @Test
    void anArchiveQueryFiltersByWithTimeIdsAndIdRange() throws Exception {
        Instant t0 = Instant.parse("2026-03-01T12:00:00Z");
        Jid nurse = Jid.of("nurse@example.com");
        archive.append(List.of(
                archived(ROMEO, 1, JULIET.withResource("balcony"), t0),
                archived(ROMEO, 2, nurse, t0.plusSeconds(60)),
                archived(ROMEO, 3, JULIET.withResource("garden"), t0.plusSeconds(120)),
                archived(ROMEO, 4, JULIET, t0.plusSeconds(180)),
                archived(ROMEO, 5, nurse, t0.plusSeconds(240))));
        ArchiveQuery all = ArchiveQuery.first(100);
        assertEquals(List.of(1L, 3L, 4L), ids(archive.query(ROMEO, all.withWith(JULIET))), "a bare JID matches every resource");
        assertEquals(List.of(3L), ids(archive.query(ROMEO, all.withWith(JULIET.withResource("garden")))), "a full JID only itself");
        assertEquals(List.of(2L, 3L, 4L), ids(archive.query(ROMEO, all.withRange(Optional.of(t0.plusSeconds(60)), Optional.of(t0.plusSeconds(180))))),
                "start and end are inclusive");
        assertEquals(List.of(3L, 4L), ids(archive.query(ROMEO, all.withIdRange(Optional.of(2L), Optional.of(5L)))), "after-id and before-id exclude");
        assertEquals(List.of(2L, 5L), ids(archive.query(ROMEO, all.withIds(List.of(5L, 2L, 99L)))));
        ArchivePage julietPage = archive.query(ROMEO, all.withWith(JULIET).after(Optional.empty(), 2));
        assertEquals(List.of(1L, 3L), ids(julietPage));
        assertEquals(3, julietPage.count(), "the count is of the filtered set");
        assertFalse(julietPage.complete());
        assertTrue(archive.contains(ROMEO, 4));
        assertFalse(archive.contains(ROMEO, 6));
        assertFalse(archive.contains(JULIET, 4), "ids are per archive");
        assertEquals(JULIET.withResource("balcony"), archive.query(ROMEO, all.withIds(List.of(1L))).messages().getFirst().with());
        assertEquals(t0, archive.query(ROMEO, all.withIds(List.of(1L))).messages().getFirst().stamp());
    }

    @Test
    void retentionDeletesOlderMessagesOfEveryArchiveAndDeleteOneArchive() throws Exception {
        Instant cutoff = Instant.parse("2026-06-01T00:00:00Z");
        archive.append(List.of(archived(ROMEO, 1, JULIET, cutoff.minusSeconds(1)), archived(ROMEO, 2, JULIET, cutoff),
                archived(JULIET, 1, ROMEO, cutoff.minusSeconds(3600))));
        assertEquals(2, archive.deleteBefore(cutoff));
        assertEquals(List.of(2L), ids(archive.query(ROMEO, ArchiveQuery.first(10))));
        assertEquals(0, archive.query(JULIET, ArchiveQuery.first(10)).count());
        archive.delete(ROMEO);
        assertEquals(0, archive.query(ROMEO, ArchiveQuery.first(10)).count());
    }

    /** Two nodes (two stores on one database) number the same new JIDs each with their own cache: one number each. */
    @Test
    void archivesWrittenByTwoNodesShareTheirJidsNumbers() throws Exception {
        JdbcMessageArchive otherNode = new JdbcMessageArchive(db);
        archive.append(List.of(archived(ROMEO, 1, JULIET)));
        otherNode.append(List.of(archived(ROMEO, 2, JULIET.withResource("balcony")), archived(JULIET, 3, ROMEO)));
        assertEquals(List.of(1L, 2L), ids(archive.query(ROMEO, ArchiveQuery.first(10).withWith(JULIET))));
        assertEquals(List.of(1L, 2L), ids(otherNode.query(ROMEO, ArchiveQuery.first(10))));
        assertEquals(List.of(3L), ids(archive.query(JULIET, ArchiveQuery.first(10).withWith(ROMEO))));
        assertEquals(0, archive.query(ROMEO, ArchiveQuery.first(10).withWith(Jid.of("nurse@example.com"))).count(), "a JID in no archive");
    }

    /** Archive writers (threads of one node, or nodes) that meet a new JID at the same moment each store their batch. */
    @Test
    void concurrentBatchesNumberingTheSameNewJidsAreAllStored() throws Exception {
        int writers = 4;
        int rounds = 25;
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Jid room = Jid.of("room" + round + "@conference.example.net");
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long id = round * writers + w + 1;
                JdbcMessageArchive writer = new JdbcMessageArchive(db);   // a cache of its own, as another node has
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        writer.append(List.of(archived(room, id, room.withResource("nick" + id))));
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            start.countDown();
            for (Thread t : threads) t.join();
            assertEquals(writers, archive.query(room, ArchiveQuery.first(10)).count(), "every batch of round " + round + " stored");
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void anArchiveBatchIsStoredWholeOrNotAtAll() throws Exception {
        archive.append(List.of(archived(ROMEO, 1, JULIET)));
        assertThrows(StorageException.class, () -> archive.append(List.of(archived(ROMEO, 2, JULIET), archived(ROMEO, 1, JULIET))));
        assertEquals(List.of(1L), ids(archive.query(ROMEO, ArchiveQuery.first(10))), "the batch with a taken id left nothing");
    }

    @Test
    void accountsKeepScramCredentialsNeverPasswords() throws Exception {
        assertTrue(users.create(ROMEO, "pencil"));
        assertFalse(users.create(ROMEO, "other"), "an account is created once");
        assertTrue(users.exists(ROMEO));
        assertFalse(users.exists(JULIET));
        for (ScramMechanism m : ScramMechanism.values()) {
            var c = users.credentials(ROMEO, m).orElseThrow();
            assertEquals(4096, c.iterations());
            assertTrue(c.matches("pencil"), m.saslName());
        }
        String everything = db.read("dump", c -> {
            StringBuilder sb = new StringBuilder();
            try (var s = c.createStatement(); var r = s.executeQuery("SELECT * FROM xmpp_scram")) {
                while (r.next()) for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) sb.append(r.getString(i)).append('|');
            }
            return sb.toString();
        });
        assertFalse(everything.contains("pencil"), "no password in the credentials table");
        assertTrue(users.setPassword(ROMEO, "crayon"));
        assertFalse(users.credentials(ROMEO, ScramMechanism.SHA_1).orElseThrow().matches("pencil"));
        assertTrue(users.credentials(ROMEO, ScramMechanism.SHA_1).orElseThrow().matches("crayon"));
        assertFalse(users.setPassword(JULIET, "x"), "no such account");
        assertEquals(Optional.empty(), users.credentials(JULIET, ScramMechanism.SHA_256));
    }

    @Test
    void accountsAreListedAndCountedPerHostInPages() throws Exception {
        for (String name : List.of("dave", "alice", "carol", "bob")) users.create(Jid.of(name + "@example.net"), "pw");
        users.create(JULIET, "pw");
        assertEquals(4, users.count("example.net"));
        assertEquals(List.of("alice", "bob"), users.list("example.net", 0, 2));
        assertEquals(List.of("carol", "dave"), users.list("example.net", 2, 10));
        assertEquals(List.of("juliet"), users.list("example.com", 0, 10));
    }

    @Test
    void deletingAnAccountDeletesEverythingItHad() throws Exception {
        users.create(ROMEO, "pencil");
        rosters.put(ROMEO, RosterItem.of(JULIET, "Juliet", Set.of("Capulets")));
        offline.append(ROMEO, xml("<message><body>1</body></message>"), Instant.now(), 10);
        privateXml.put(ROMEO, xml("<storage xmlns='storage:bookmarks'/>"));
        vcards.put(ROMEO, xml("<vCard xmlns='vcard-temp'><FN>Romeo</FN></vCard>"));
        pubsub.putNode(new PubSubNode(ROMEO, "urn:xmpp:avatar:metadata", ROMEO, xml("<x xmlns='jabber:x:data' type='submit'/>")));
        pubsub.publish(ROMEO, "urn:xmpp:avatar:metadata", item("a", "<metadata xmlns='urn:xmpp:avatar:metadata'/>"), 1);
        archive.append(List.of(archived(ROMEO, 1, JULIET), archived(JULIET, 2, ROMEO)));
        assertTrue(users.delete(ROMEO));
        assertFalse(users.exists(ROMEO));
        assertEquals(List.of(), rosters.items(ROMEO));
        assertEquals(0, offline.count(ROMEO));
        assertEquals(Optional.empty(), privateXml.get(ROMEO, "storage:bookmarks"));
        assertEquals(Optional.empty(), vcards.get(ROMEO));
        assertEquals(List.of(), pubsub.nodes(ROMEO), "her PEP nodes went with her");
        assertEquals(0, pubsub.count(ROMEO, "urn:xmpp:avatar:metadata"));
        assertEquals(0, archive.query(ROMEO, ArchiveQuery.first(10)).count(), "her message archive went with her");
        assertEquals(1, archive.query(JULIET, ArchiveQuery.first(10)).count(), "not the archive of her correspondent");
        assertFalse(users.delete(ROMEO));
        assertTrue(users.create(ROMEO, "again"), "the name is free again");
    }

    @Test
    void theInternalAuthenticatorChecksStoredAccounts() throws Exception {
        ScramAuthenticator auth = new StoredUserAuthenticator(users);
        users.create(ROMEO, "pencil");
        assertTrue(auth.checkPassword("romeo", "example.net", "pencil"));
        assertFalse(auth.checkPassword("romeo", "example.net", "Pencil"));
        assertFalse(auth.checkPassword("nobody", "example.net", "pencil"));
        assertFalse(auth.checkPassword("bad@name", "example.net", "pencil"), "a name that cannot be an account");
        assertTrue(auth.userExists("Romeo", "Example.NET"), "names are compared normalized");
        assertTrue(auth.scramCredentials("romeo", "example.net", ScramMechanism.SHA_256).orElseThrow().matches("pencil"));
        assertEquals(Optional.empty(), auth.scramCredentials("nobody", "example.net", ScramMechanism.SHA_256));
        assertTrue(auth.tryRegister("mercutio", "example.net", "sword"));
        assertTrue(auth.removeUser("mercutio", "example.net", "sword"));
        assertFalse(auth.userExists("mercutio", "example.net"));
    }

    @Test
    void rosterItemsWithGroupsAndStatesAndAGrowingVersion() throws Exception {
        assertEquals(0, rosters.version(ROMEO));
        long v1 = rosters.put(ROMEO, RosterItem.of(JULIET, "Juliet", Set.of("Capulets", "Friends")));
        long v2 = rosters.put(ROMEO, RosterItem.unlisted(Jid.of("benvolio@example.net")).withSubscription(Subscription.NONE, false, true));
        assertTrue(v2 > v1 && v1 > 0);
        RosterItem juliet = rosters.item(ROMEO, JULIET).orElseThrow();
        assertEquals(Set.of("Capulets", "Friends"), juliet.groups());
        assertEquals(Subscription.NONE, juliet.subscription());
        long v3 = rosters.put(ROMEO, juliet.withSubscription(Subscription.TO, false, true).withApproved(true).withNameAndGroups("J", Set.of("Verona")));
        RosterItem changed = rosters.item(ROMEO, JULIET).orElseThrow();
        assertEquals(new RosterItem(JULIET, "J", Subscription.TO, false, true, true, true, Set.of("Verona")), changed);
        RosterItem benvolio = rosters.item(ROMEO, Jid.of("benvolio@example.net")).orElseThrow();
        assertFalse(benvolio.listed(), "an unanswered request from a contact the user never added stays out of the roster");
        assertTrue(benvolio.pendingIn());
        assertEquals(2, rosters.count(ROMEO));
        assertEquals(List.of(Jid.of("benvolio@example.net"), JULIET), rosters.items(ROMEO).stream().map(RosterItem::contact).toList());
        long v4 = rosters.remove(ROMEO, JULIET);
        assertTrue(v4 > v3);
        assertEquals(v4, rosters.remove(ROMEO, JULIET), "removing nothing changes nothing");
        assertEquals(Optional.empty(), rosters.item(ROMEO, JULIET));
        assertEquals(0, rosters.version(JULIET), "rosters are per owner");
    }

    @Test
    void offlineMessagesKeepTheirOrderAndTheirQuota() throws Exception {
        Instant t = Instant.parse("2026-11-25T10:15:30.123Z");
        for (int i = 0; i < 3; i++) assertTrue(offline.append(ROMEO, xml("<message id='m" + i + "'><body>" + i + "</body></message>"), t.plusSeconds(i), 3));
        assertFalse(offline.append(ROMEO, xml("<message id='over'/>"), t, 3), "the fourth is over the quota");
        assertEquals(3, offline.count(ROMEO));
        List<OfflineMessage> taken = offline.takeAll(ROMEO);
        assertEquals(List.of("m0", "m1", "m2"), taken.stream().map(m -> m.message().attr("id")).toList());
        assertEquals(t.plusSeconds(1).truncatedTo(ChronoUnit.MILLIS), taken.get(1).stored().truncatedTo(ChronoUnit.MILLIS));
        assertEquals("1", taken.get(1).message().child("body").orElseThrow().text());
        assertEquals(List.of(), offline.takeAll(ROMEO), "taken once");
    }

    @Test
    void offlineMessagesAreDeliveredExactlyOnceUnderConcurrentAppendsAndTakes() throws Exception {
        int senders = 4;
        int perSender = 50;
        ConcurrentLinkedQueue<OfflineMessage> received = new ConcurrentLinkedQueue<>();
        CountDownLatch sendersDone = new CountDownLatch(senders);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < perSender; i++)
                        assertTrue(offline.append(ROMEO, xml("<message id='" + sender + "-" + i + "'/>"), Instant.now(), 100_000));
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    sendersDone.countDown();
                }
            }));
        }
        for (int t = 0; t < 3; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    while (sendersDone.getCount() > 0) {
                        received.addAll(offline.takeAll(ROMEO));
                        Thread.sleep(2);   // logins come and go; they do not spin
                    }
                    received.addAll(offline.takeAll(ROMEO));
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread th : threads) assertTrue(th.join(java.time.Duration.ofSeconds(60)));
        assertEquals(List.of(), failures);
        received.addAll(offline.takeAll(ROMEO));
        List<String> ids = received.stream().map(m -> m.message().attr("id")).toList();
        assertEquals(senders * perSender, ids.size(), "nothing lost, nothing twice");
        assertEquals(senders * perSender, new HashSet<>(ids).size());
    }

    @Test
    void privateXmlAndVCardsAreReplacedInPlace() throws Exception {
        privateXml.put(ROMEO, xml("<storage xmlns='storage:bookmarks'><conference jid='room@muc.example.net'/></storage>"));
        privateXml.put(ROMEO, xml("<prefs xmlns='urn:example:prefs'>a</prefs>"));
        privateXml.put(ROMEO, xml("<prefs xmlns='urn:example:prefs'>b</prefs>"));
        assertEquals("room@muc.example.net", privateXml.get(ROMEO, "storage:bookmarks").orElseThrow().child("conference").orElseThrow().attr("jid"));
        assertEquals("b", privateXml.get(ROMEO, "urn:example:prefs").orElseThrow().text());
        assertEquals(Optional.empty(), privateXml.get(JULIET, "urn:example:prefs"));
        assertThrows(IllegalArgumentException.class, () -> privateXml.put(ROMEO, xml("<nons/>")));

        vcards.put(ROMEO, xml("<vCard xmlns='vcard-temp'><FN>Romeo</FN></vCard>"));
        vcards.put(ROMEO, xml("<vCard xmlns='vcard-temp'><FN>Romeo Montague</FN><NOTE>" + "é".repeat(50_000) + "</NOTE></vCard>"));
        Element v = vcards.get(ROMEO).orElseThrow();
        assertEquals("Romeo Montague", v.child("FN").orElseThrow().text());
        assertEquals(50_000, v.child("NOTE").orElseThrow().text().length(), "large and non-ASCII content survives");
    }

    @Test
    void pubsubItemsKeepPublicationOrderAndTheNodesLimit() throws Exception {
        Element form = xml("<x xmlns='jabber:x:data' type='submit'><field var='pubsub#max_items'><value>2</value></field></x>");
        pubsub.putNode(new PubSubNode(ROMEO, "urn:xmpp:avatar:metadata", ROMEO, form));
        assertThrows(StorageException.class, () -> pubsub.publish(ROMEO, "no-such-node", item("x", "<a xmlns='urn:a'/>"), 2), "a node is created first");
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        pubsub.publish(ROMEO, "urn:xmpp:avatar:metadata", new PubSubItem("a", xml("<p xmlns='urn:a'>1</p>"), ROMEO.withResource("phone"), t), 2);
        pubsub.publish(ROMEO, "urn:xmpp:avatar:metadata", item("b", "<p xmlns='urn:a'>2</p>"), 2);
        pubsub.publish(ROMEO, "urn:xmpp:avatar:metadata", item("a", "<p xmlns='urn:a'>3</p>"), 2);
        assertEquals(List.of("a", "b"), ids(pubsub.items(ROMEO, "urn:xmpp:avatar:metadata", 10)), "a republished id becomes the newest");
        assertEquals("3", pubsub.item(ROMEO, "urn:xmpp:avatar:metadata", "a").orElseThrow().payload().text());
        pubsub.publish(ROMEO, "urn:xmpp:avatar:metadata", item("c", "<p xmlns='urn:a'>4</p>"), 2);
        assertEquals(List.of("c", "a"), ids(pubsub.items(ROMEO, "urn:xmpp:avatar:metadata", 10)), "the oldest beyond max_items goes");
        assertEquals(List.of("c"), ids(pubsub.items(ROMEO, "urn:xmpp:avatar:metadata", 1)));
        assertEquals(2, pubsub.count(ROMEO, "urn:xmpp:avatar:metadata"));
        assertTrue(pubsub.retract(ROMEO, "urn:xmpp:avatar:metadata", "c"));
        assertFalse(pubsub.retract(ROMEO, "urn:xmpp:avatar:metadata", "c"));
        assertEquals("2", pubsub.node(ROMEO, "urn:xmpp:avatar:metadata").orElseThrow().config().child("field").orElseThrow().child("value").orElseThrow().text());
        assertEquals(List.of(), pubsub.nodes(JULIET));
        pubsub.purge(ROMEO, "urn:xmpp:avatar:metadata");
        assertEquals(0, pubsub.count(ROMEO, "urn:xmpp:avatar:metadata"));
        pubsub.publish(ROMEO, "urn:xmpp:avatar:metadata", item("d", "<p xmlns='urn:a'>5</p>"), 2);
        assertTrue(pubsub.deleteNode(ROMEO, "urn:xmpp:avatar:metadata"));
        assertEquals(Optional.empty(), pubsub.node(ROMEO, "urn:xmpp:avatar:metadata"));
        pubsub.putNode(new PubSubNode(ROMEO, "urn:xmpp:avatar:metadata", ROMEO, form));
        assertEquals(0, pubsub.count(ROMEO, "urn:xmpp:avatar:metadata"), "a deleted node's items went with it");
    }

    /** A pubsub service's subscriptions and affiliations outlive a restart, and go with their node or their account. */
    @Test
    void pubsubSubscriptionsAndAffiliationsAreKeptUntilTheirNodeOrAccountGoes() throws Exception {
        Jid service = Jid.of("pubsub.example.net");
        Element options = xml("<x xmlns='jabber:x:data' type='submit'><field var='pubsub#deliver'><value>0</value></field></x>");
        pubsub.putNode(new PubSubNode(service, "news", ROMEO, xml("<x xmlns='jabber:x:data' type='submit'/>")));
        pubsub.putNode(new PubSubNode(service, "weather", ROMEO, xml("<x xmlns='jabber:x:data' type='submit'/>")));
        assertThrows(StorageException.class, () -> pubsub.subscribe(service, new PubSubSubscription("none", JULIET, "s0", options)), "a node is created first");
        pubsub.subscribe(service, new PubSubSubscription("news", JULIET, "s1", options));
        pubsub.subscribe(service, new PubSubSubscription("news", JULIET.withResource("balcony"), "s2", options));
        pubsub.subscribe(service, new PubSubSubscription("weather", JULIET, "s3", options));
        pubsub.subscribe(service, new PubSubSubscription("weather", JULIET, "s4", options, PubSubSubscription.PENDING));   // a second one, awaiting approval
        pubsub.subscribe(service, new PubSubSubscription("weather", JULIET, "s4", options, PubSubSubscription.SUBSCRIBED));  // approved: same id, replaced
        users.create(JULIET, "secret");
        pubsub.affiliate(service, new PubSubAffiliation("news", JULIET.withResource("balcony"), "publisher"));
        pubsub.affiliate(service, new PubSubAffiliation("news", JULIET, "member"));             // replaces publisher
        pubsub.affiliate(service, new PubSubAffiliation("weather", JULIET, "outcast"));
        Database again = reopen();
        try {
            JdbcPubSubStore restarted = new JdbcPubSubStore(again);
            assertEquals(List.of("s1", "s2"), restarted.subscriptions(service, "news").stream().map(PubSubSubscription::subId).toList());
            assertEquals(List.of("news s1 subscribed", "news s2 subscribed", "weather s3 subscribed", "weather s4 subscribed"),
                    restarted.subscriptionsOf(service, JULIET.withResource("phone")).stream().map(x -> x.node() + " " + x.subId() + " " + x.state()).toList());
            assertEquals("0", restarted.subscriptions(service, "weather").getFirst().options().child("field").orElseThrow().child("value").orElseThrow().text());
            assertEquals(List.of(new PubSubAffiliation("news", JULIET, "member")), restarted.affiliations(service, "news"));
            assertEquals(List.of("news member", "weather outcast"),
                    restarted.affiliationsOf(service, JULIET).stream().map(a -> a.node() + " " + a.affiliation()).toList());
        } finally {
            again.close();
        }
        assertTrue(pubsub.unsubscribe(service, "weather", "s3"));
        assertFalse(pubsub.unsubscribe(service, "weather", "s3"));
        assertEquals(List.of("s4"), pubsub.subscriptions(service, "weather").stream().map(PubSubSubscription::subId).toList(), "by id, the other stays");
        assertTrue(pubsub.unsubscribe(service, "news", JULIET.withResource("balcony")));
        assertFalse(pubsub.unsubscribe(service, "news", JULIET.withResource("balcony")));
        assertTrue(pubsub.unaffiliate(service, "weather", JULIET.withResource("any")));
        assertEquals(List.of(), pubsub.affiliations(service, "weather"));
        assertTrue(pubsub.deleteNode(service, "weather"));
        pubsub.putNode(new PubSubNode(service, "weather", ROMEO, xml("<x xmlns='jabber:x:data' type='submit'/>")));
        assertEquals(List.of(), pubsub.subscriptions(service, "weather"), "a deleted node's subscriptions went with it");
        assertTrue(users.delete(JULIET));
        assertEquals(List.of(), pubsub.subscriptionsOf(service, JULIET), "her subscriptions went with her account");
        assertEquals(List.of(), pubsub.affiliationsOf(service, JULIET));
    }

    /**
     * Schema V8 copies the subscriptions table: a database that ran V7 keeps each subscription,
     * approved, under its subid, and takes a second one of the same JID afterwards. The V7 table
     * is made again here as V6 created it, with a row in it, the archive as V7 made it, and the
     * database reopened.
     */
    @Test
    void aV7DatabaseKeepsItsSubscriptionsThroughSchemaV8() throws Exception {
        Jid service = Jid.of("pubsub.example.net");
        pubsub.putNode(new PubSubNode(service, "news", ROMEO, xml("<x xmlns='jabber:x:data' type='submit'/>")));
        String options = "<x xmlns='jabber:x:data' type='submit'><field var='pubsub#deliver'><value>0</value></field></x>";
        db.transaction("the V7 subscriptions table", c -> {
            makeTheV7Archive(c, List.of());   // V10 would not apply again over its own tables
            try (var s = c.createStatement()) {
                s.execute("DROP TABLE xmpp_pubsub_subscriptions");
                s.execute("CREATE TABLE xmpp_pubsub_subscriptions (service VARCHAR(2047) NOT NULL, node VARCHAR(1023) NOT NULL, "
                        + "jid VARCHAR(3071) NOT NULL, bare_jid VARCHAR(2047) NOT NULL, subid VARCHAR(255) NOT NULL, options VARCHAR(100000) NOT NULL, "
                        + "PRIMARY KEY (service, node, jid), FOREIGN KEY (service, node) REFERENCES xmpp_pubsub_nodes (service, node) ON DELETE CASCADE)");
                s.execute("CREATE INDEX xmpp_pubsub_subscriptions_bare ON xmpp_pubsub_subscriptions (service, bare_jid)");
                s.execute("DELETE FROM xmpp_schema_version WHERE version >= 8");   // a V7 database ran none of the later scripts
            }
            Database.update(c, "INSERT INTO xmpp_pubsub_subscriptions (service, node, jid, bare_jid, subid, options) VALUES (?, ?, ?, ?, ?, ?)",
                    service.toString(), "news", JULIET.withResource("balcony").toString(), JULIET.toString(), "s1", options);
            return null;
        });
        db.close();
        db = reopen();
        pubsub = new JdbcPubSubStore(db);
        assertEquals(List.of("news " + JULIET.withResource("balcony") + " s1 subscribed"),
                pubsub.subscriptionsOf(service, JULIET).stream().map(x -> x.node() + " " + x.jid() + " " + x.subId() + " " + x.state()).toList());
        assertEquals("0", pubsub.subscriptions(service, "news").getFirst().options().child("field").orElseThrow().child("value").orElseThrow().text());
        pubsub.subscribe(service, new PubSubSubscription("news", JULIET.withResource("balcony"), "s2", xml(options)));
        assertEquals(List.of("s1", "s2"), pubsub.subscriptions(service, "news").stream().map(PubSubSubscription::subId).sorted().toList(),
                "keyed by subid now, not by JID");
    }

    /**
     * Schema V9 drops the archive's index on stamp, which only the expiry job's delete used and
     * every write paid for: a database that ran V8 keeps its archive, and expiry still deletes by
     * stamp. The V8 archive is made again here as V7 created it, with its index, and the database reopened.
     */
    @Test
    void aV8DatabaseKeepsItsArchiveWithoutTheStampIndexThroughSchemaV9() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<ArchivedMessage> v8 = List.of(archived(ROMEO, 1, JULIET, t0), archived(ROMEO, 2, JULIET, t0.plusSeconds(60)));
        db.transaction("the V8 archive", c -> {
            makeTheV7Archive(c, v8);
            try (var s = c.createStatement()) {
                s.execute("CREATE INDEX xmpp_archive_stamp ON xmpp_archive (stamp)");   // V8 has it; with V9 it is gone
                s.execute("DELETE FROM xmpp_schema_version WHERE version >= 9");
            }
            return null;
        });
        db.close();
        db = reopen();
        archive = new JdbcMessageArchive(db);
        assertEquals(Set.of(), db.read("the archive's indexes", c -> {
            Set<String> found = new HashSet<>();
            for (String table : List.of("xmpp_archive", "XMPP_ARCHIVE"))   // PostgreSQL folds names to lower case, H2 to upper
                try (var r = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
                    while (r.next()) if (r.getString("INDEX_NAME") != null && r.getString("INDEX_NAME").equalsIgnoreCase("xmpp_archive_stamp"))
                        found.add(r.getString("INDEX_NAME"));
                }
            return found;
        }), "V9 dropped the index on stamp");
        assertEquals(List.of(1L, 2L), ids(archive.query(ROMEO, ArchiveQuery.first(10))));
        assertEquals(1, archive.deleteBefore(t0.plusSeconds(30)), "expiry deletes by stamp without the index");
        assertEquals(List.of(2L), ids(archive.query(ROMEO, ArchiveQuery.first(10))));
    }

    /**
     * Schema V10 numbers the archives' owners: a database that ran V9 keeps every archive, each
     * message under its owner, paged, filtered and deleted as before, and takes new messages after.
     */
    @Test
    void aV9DatabaseKeepsItsArchivesThroughSchemaV10() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Jid room = Jid.of("verona@conference.example.com");
        List<ArchivedMessage> v9 = List.of(archived(ROMEO, 1, JULIET.withResource("balcony"), t0), archived(ROMEO, 2, Jid.of("nurse@example.com"), t0.plusSeconds(60)),
                archived(ROMEO, 3, JULIET, t0.plusSeconds(120)), archived(JULIET, 1, ROMEO, t0), archived(room, 7, room.withResource("mercutio"), t0));
        db.transaction("the V9 archive", c -> {
            makeTheV7Archive(c, v9);
            try (var s = c.createStatement()) {
                s.execute("DELETE FROM xmpp_schema_version WHERE version >= 10");
            }
            return null;
        });
        db.close();
        db = reopen();
        archive = new JdbcMessageArchive(db);
        ArchiveQuery all = ArchiveQuery.first(100);
        assertEquals(List.of(1L, 2L, 3L), ids(archive.query(ROMEO, all)));
        assertEquals(List.of(1L, 3L), ids(archive.query(ROMEO, all.withWith(JULIET))));
        assertEquals(JULIET.withResource("balcony"), archive.query(ROMEO, all).messages().getFirst().with());
        assertEquals(t0, archive.query(ROMEO, all).messages().getFirst().stamp());
        assertEquals("1", archive.query(ROMEO, all).messages().getFirst().message().child("body").orElseThrow().text());
        assertEquals(List.of(1L), ids(archive.query(JULIET, all)));
        assertEquals(List.of(7L), ids(archive.query(room, all)));
        archive.append(List.of(archived(ROMEO, 4, JULIET), archived(Jid.of("benvolio@example.com"), 1, ROMEO)));
        assertEquals(List.of(3L, 4L), ids(archive.query(ROMEO, all.withWith(JULIET).after(Optional.of(1L), 10))));
        assertTrue(archive.contains(ROMEO, 4));
        assertEquals(List.of(1L), ids(archive.query(Jid.of("benvolio@example.com"), all)));
        archive.delete(ROMEO);
        assertEquals(0, archive.query(ROMEO, all).count());
        assertEquals(1, archive.query(JULIET, all).count(), "only her archive went");
        archive.append(List.of(archived(ROMEO, 5, JULIET)));
        assertEquals(List.of(5L), ids(archive.query(ROMEO, all)), "a deleted archive takes messages again");
    }

    /** The archive table as schema V7 made it (V9 only dropped its stamp index), with these messages, and no JID numbers. */
    private static void makeTheV7Archive(java.sql.Connection c, List<ArchivedMessage> messages) throws java.sql.SQLException {
        try (var s = c.createStatement()) {
            s.execute("DROP TABLE xmpp_archive");
            s.execute("DROP TABLE IF EXISTS xmpp_archive_jids");
            s.execute("CREATE TABLE xmpp_archive (archive VARCHAR(2047) NOT NULL, id BIGINT NOT NULL, stamp TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "with_bare VARCHAR(2047) NOT NULL, with_resource VARCHAR(1023) NOT NULL, stanza VARCHAR(1000000) NOT NULL, PRIMARY KEY (archive, id))");
            s.execute("CREATE INDEX xmpp_archive_with ON xmpp_archive (archive, with_bare, id)");
        }
        for (ArchivedMessage m : messages)
            Database.update(c, "INSERT INTO xmpp_archive (archive, id, stamp, with_bare, with_resource, stanza) VALUES (?, ?, ?, ?, ?, ?)",
                    m.archive().toString(), m.id(), java.time.OffsetDateTime.ofInstant(m.stamp(), java.time.ZoneOffset.UTC),
                    m.with().bare().toString(), m.with().isFull() ? m.with().resourcepart() : "", m.message().toXml());
    }

    private static PubSubItem item(String id, String payload) throws Exception {
        return new PubSubItem(id, xml(payload), ROMEO, Instant.now());
    }

    private static List<String> ids(List<PubSubItem> items) {
        return items.stream().map(PubSubItem::id).toList();
    }

    /** A script that fails half-way is not recorded as applied, so that every start says so again rather than run on a half-made schema. */
    @Test
    void aScriptThatFailsHalfWayIsNotRecordedAsApplied() throws Exception {
        StorageException failed = assertThrows(StorageException.class, () -> db.read("the failing script", c -> {
            try {
                Migrations.apply(c, 99, "V99__fails_half_way.sql");
            } catch (java.io.IOException e) {
                throw new java.sql.SQLException(e);
            }
            return null;
        }));
        assertTrue(failed.getCause() instanceof java.sql.SQLException, "the database's own error: " + failed.getCause());
        assertEquals(Integer.valueOf(0), db.<Integer>read("version 99", c -> {
            try (var s = c.createStatement(); var r = s.executeQuery("SELECT COUNT(*) FROM xmpp_schema_version WHERE version = 99")) {
                r.next();
                return r.getInt(1);
            }
        }), "not recorded");
    }

    @Test
    void reopeningTheDatabaseKeepsDataAndSchema() throws Exception {
        users.create(ROMEO, "pencil");
        Database again = reopen();
        try {
            assertTrue(new JdbcUserStore(again).exists(ROMEO));
            assertEquals(Integer.valueOf(Migrations.SCRIPTS.size()), again.<Integer>read("version", c -> {
                try (var s = c.createStatement(); var r = s.executeQuery("SELECT COUNT(*) FROM xmpp_schema_version")) {
                    r.next();
                    return r.getInt(1);
                }
            }), "each migration applied once");
        } finally {
            again.close();
        }
    }

    /** A second node, or the same after a restart, must make the same salt for a name, as a real account keeps its own. */
    @Test
    void madeUpCredentialsAreTheSameForANameOnEveryPoolAndMatchNothing() throws Exception {
        for (ScramMechanism m : ScramMechanism.values()) {
            var nobody = users.madeUpCredentials("nobody@example.net", m);
            assertEquals(16, nobody.salt().length);
            assertEquals(4096, nobody.iterations(), "the configured count");
            assertFalse(java.util.Arrays.equals(nobody.salt(), users.madeUpCredentials("somebody@example.net", m).salt()));
            assertFalse(nobody.matches("") || nobody.matches("pencil"));
            Database again = reopen();
            try {
                assertTrue(java.util.Arrays.equals(nobody.salt(), new JdbcUserStore(again).madeUpCredentials("nobody@example.net", m).salt()),
                        m.saslName());
            } finally {
                again.close();
            }
        }
    }

    /** A second pool on the same database as {@link #db}. */
    abstract Database reopen() throws Exception;

    static void assertFailsNamingTheUrl(Database unreachable, String url) {
        StorageException e = assertThrows(StorageException.class, () -> new JdbcUserStore(unreachable).exists(ROMEO));
        assertTrue(e.getMessage().startsWith("database " + url + ": "), e.getMessage());
        assertThrows(StorageException.class, () -> new JdbcOfflineStore(unreachable).append(ROMEO, Element.of("message"), Instant.now(), 1));
    }
}
