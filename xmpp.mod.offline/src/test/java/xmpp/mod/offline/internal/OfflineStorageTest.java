package xmpp.mod.offline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.storage.OfflineMessage;
import xmpp.core.storage.OfflineStore;
import xmpp.core.storage.StorageException;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** What is kept, what is bounced and what is dropped (XEP-0160, XEP-0085, XEP-0334), the delay stamp (XEP-0203), and a message kept just as its recipient became available. */
class OfflineStorageTest {

    static final Jid ROMEO = Jid.of("romeo@example.net/orchard");
    static final Jid JULIET = Jid.of("juliet@example.com");

    final List<OfflineMessage> stored = new ArrayList<>();
    final List<Element> routed = new ArrayList<>();
    /** The last broadcast presence of each available session of JULIET's account. */
    final Map<Jid, Element> available = new HashMap<>();
    /** What happens elsewhere while a message is on its way into the store. */
    Runnable whileAppending = () -> { };
    boolean failing;

    final OfflineStore store = new OfflineStore() {
        @Override
        public boolean append(Jid owner, Element message, Instant when, int limit) throws StorageException {
            if (failing) throw new StorageException("the database is down", null);
            if (stored.size() >= limit) return false;
            whileAppending.run();
            stored.add(new OfflineMessage(when, message));
            return true;
        }

        @Override
        public List<OfflineMessage> takeAll(Jid owner) {
            List<OfflineMessage> all = List.copyOf(stored);
            stored.clear();
            return all;
        }

        @Override public int count(Jid owner) { return stored.size(); }
    };
    final Router router = (from, to, stanza) -> routed.add(stanza);
    final Sessions sessions = new Sessions() {
        @Override public Map<Jid, Element> presencesOf(Jid bareJid) { return Map.copyOf(available); }
        @Override public Optional<Element> presenceOf(Jid fullJid) { return Optional.ofNullable(available.get(fullJid)); }
        @Override public Optional<Session> session(Jid fullJid) { return Optional.empty(); }
        @Override public List<Session> sessionsOf(Jid bareJid) { return List.of(); }
        @Override public boolean accountExists(Jid account) { return true; }
        @Override public Collection<Session> sessions() { return List.of(); }
    };
    final OfflineStorage storage = new OfflineStorage(limit(2), store, router, sessions);

    static OfflineStorage.Config limit(int n) {
        return new OfflineStorage.Config() {
            @Override public int max_messages() { return n; }
            @Override public Class<? extends Annotation> annotationType() { return OfflineStorage.Config.class; }
        };
    }

    static Element message(String body) throws Exception {
        return XmlStreams.parseElement("<message from='romeo@example.net/orchard' to='juliet@example.com' type='chat' id='m'>" + body + "</message>");
    }

    @Test
    void keptUpToTheQuotaThenBouncedWithServiceUnavailable() throws Exception {
        assertNull(storage.process(ROMEO, JULIET, message("<body>1</body>")));
        assertNull(storage.process(ROMEO, JULIET, message("<body>2</body>")));
        assertNull(storage.process(ROMEO, JULIET, message("<body>3</body>")));
        assertEquals(2, stored.size());
        assertEquals(1, routed.size());
        Element bounce = routed.get(0);
        assertEquals("error", bounce.attr("type"));
        assertEquals("service-unavailable", bounce.child("error").orElseThrow().firstElement().orElseThrow().name());
    }

    @Test
    void aStoreThatFailsBouncesRatherThanLoses() throws Exception {
        failing = true;
        assertNull(storage.process(ROMEO, JULIET, message("<body>1</body>")));
        assertEquals("error", routed.get(0).attr("type"));
    }

    @Test
    void chatStatesAloneAreDroppedAndNoStoreIsHonoured() throws Exception {
        assertNull(storage.process(ROMEO, JULIET, message("<composing xmlns='http://jabber.org/protocol/chatstates'/><thread>t</thread>")));
        Element noStore = message("<body>x</body><no-store xmlns='urn:xmpp:hints'/>");
        assertSame(noStore, storage.process(ROMEO, JULIET, noStore), "passed on, so the session manager bounces it");
        assertNull(storage.process(ROMEO, JULIET, message("<active xmlns='http://jabber.org/protocol/chatstates'/><body>hi</body>")));
        assertNull(storage.process(ROMEO, JULIET, message("<paused xmlns='http://jabber.org/protocol/chatstates'/><store xmlns='urn:xmpp:hints'/>")));
        assertEquals(2, stored.size(), "a body, or a store hint, keeps it");
        assertEquals(List.of(), routed);
    }

    @Test
    void deliveredMessagesCarryWhenTheyArrived() throws Exception {
        Element stamped = WaitingMessages.stamped(new OfflineMessage(Instant.parse("2026-11-25T18:00:00.123456Z"), message("<body>1</body>")),
                Jid.ofDomain("example.com"));
        Element delay = stamped.child("delay", WaitingMessages.DELAY_NS).orElseThrow();
        assertEquals("2026-11-25T18:00:00.123Z", delay.attr("stamp"));
        assertEquals("example.com", delay.attr("from"));
    }

    /**
     * The router found nobody available; then, while the message was on its way into the store,
     * the recipient's first available presence was recorded and what waited for her handed over
     * (nothing yet). The message must not wait for her next login.
     */
    @Test
    void aMessageStoredAsItsRecipientBecomesAvailableIsHandedOverAtOnce() throws Exception {
        Element initialPresence = presence(0);
        whileAppending = () -> {
            available.put(Jid.of("juliet@example.com/balcony"), initialPresence);
            new WaitingMessages(store, router).deliver(JULIET);   // what her presence makes the offline module do
        };
        assertNull(storage.process(ROMEO, JULIET, message("<body>just now</body>")));
        assertEquals(List.of(), stored, "nothing left waiting for her next login");
        assertEquals(1, routed.size());
        assertEquals("just now", routed.getFirst().child("body").orElseThrow().text());
        assertTrue(routed.getFirst().child("delay", WaitingMessages.DELAY_NS).isPresent(), "with the delay stamp of when it arrived");
    }

    @Test
    void aMessageStaysStoredWhileTheRecipientIsAvailableOnlyWithANegativePriorityOrCameFromStorageAlready() throws Exception {
        available.put(Jid.of("juliet@example.com/hidden"), presence(-1));
        assertNull(storage.process(ROMEO, JULIET, message("<body>for later</body>")));
        available.put(Jid.of("juliet@example.com/balcony"), presence(0));
        Element again = WaitingMessages.stamped(new OfflineMessage(Instant.now(), message("<body>back again</body>")), Jid.ofDomain("example.com"));
        assertNull(storage.process(ROMEO, JULIET, again), "routed to her account, it found nobody there after all");
        assertEquals(List.of("for later", "back again"), stored.stream().map(m -> m.message().child("body").orElseThrow().text()).toList());
        assertEquals(List.of(), routed);
    }

    static Element presence(int priority) throws Exception {
        return XmlStreams.parseElement("<presence><priority>" + priority + "</priority></presence>");
    }
}
