package xmpp.mod.offline.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.storage.OfflineMessage;
import xmpp.core.storage.OfflineStore;
import xmpp.core.storage.StorageException;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** What is kept, what is bounced and what is dropped (XEP-0160, XEP-0085, XEP-0334), and the delay stamp (XEP-0203). */
class OfflineStorageTest {

    static final Jid ROMEO = Jid.of("romeo@example.net/orchard");
    static final Jid JULIET = Jid.of("juliet@example.com");

    final List<Element> stored = new ArrayList<>();
    final List<Element> routed = new ArrayList<>();
    boolean failing;

    final OfflineStore store = new OfflineStore() {
        @Override
        public boolean append(Jid owner, Element message, Instant when, int limit) throws StorageException {
            if (failing) throw new StorageException("the database is down", null);
            if (stored.size() >= limit) return false;
            stored.add(message);
            return true;
        }

        @Override public List<OfflineMessage> takeAll(Jid owner) { return List.of(); }
        @Override public int count(Jid owner) { return stored.size(); }
    };
    final Router router = (from, to, stanza) -> routed.add(stanza);
    final OfflineStorage storage = new OfflineStorage(limit(2), store, router);

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
        Element stamped = OfflineDelivery.stamped(new OfflineMessage(Instant.parse("2026-11-25T18:00:00.123456Z"), message("<body>1</body>")),
                Jid.ofDomain("example.com"));
        Element delay = stamped.child("delay", OfflineDelivery.DELAY_NS).orElseThrow();
        assertEquals("2026-11-25T18:00:00.123Z", delay.attr("stamp"));
        assertEquals("example.com", delay.attr("from"));
    }
}
