package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0198's counters and the unacknowledged stanzas, without a connection. */
class StreamManagementTest {

    private static final long MIB = 1024 * 1024;

    private static byte[] stanza(int n) {
        return ("<message id='" + n + "'/>").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<byte[]> stanzas) {
        return stanzas.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void anAcknowledgementDropsWhatItCountsAndKeepsTheRestInOrder() {
        StreamManagement sm = new StreamManagement("id", Duration.ofSeconds(300), 100, MIB);
        for (int i = 1; i <= 4; i++) assertTrue(sm.sent(stanza(i)));
        assertTrue(sm.acknowledge(1));
        assertTrue(sm.acknowledge(3));
        assertEquals(List.of("<message id='4'/>"), texts(sm.unacked()));
        assertTrue(sm.acknowledge(3), "the same h again acknowledges nothing more");
        assertEquals(1, sm.unackedCount());
    }

    @Test
    void anAcknowledgementOfStanzasNeverSentIsRefused() {
        StreamManagement sm = new StreamManagement(null, Duration.ZERO, 100, MIB);
        sm.sent(stanza(1));
        assertFalse(sm.acknowledge(2));
        assertEquals(1, sm.unackedCount(), "and acknowledges nothing");
        assertFalse(sm.acknowledge(-1), "an h below the last one counts as too high, not as a huge step back");
    }

    @Test
    void theCountersWrapAt2To32() {
        StreamManagement sm = new StreamManagement("id", Duration.ofSeconds(300), 100, MIB, (int) 0xFFFF_FFFEL);
        for (int i = 1; i <= 4; i++) sm.sent(stanza(i));
        assertTrue(sm.acknowledge((int) 0xFFFF_FFFFL));
        assertTrue(sm.acknowledge(1), "4294967295 + 2 is 1");
        assertEquals(List.of("<message id='4'/>"), texts(sm.unacked()));
        assertFalse(sm.acknowledge(3));
    }

    @Test
    void ourCountOfHandledStanzasGoesOnAcrossCalls() {
        StreamManagement sm = new StreamManagement("id", Duration.ofSeconds(300), 100, MIB);
        sm.received();
        sm.received();
        assertEquals(2, sm.handled());
    }

    @Test
    void theUnacknowledgedAreBounded() {
        StreamManagement sm = new StreamManagement("id", Duration.ofSeconds(300), 2, MIB);
        assertTrue(sm.sent(stanza(1)));
        assertTrue(sm.sent(stanza(2)));
        assertFalse(sm.sent(stanza(3)));
        assertEquals(2, sm.unackedCount());
    }

    @Test
    void theUnacknowledgedAreBoundedInBytesAndAnAcknowledgementFreesThem() {
        int size = stanza(1).length;
        StreamManagement sm = new StreamManagement("id", Duration.ofSeconds(300), 100, 2L * size);
        assertTrue(sm.sent(stanza(1)));
        assertTrue(sm.sent(stanza(2)));
        assertFalse(sm.sent(stanza(3)), "a third would exceed the bytes");
        assertTrue(sm.acknowledge(1));
        assertTrue(sm.sent(stanza(3)), "room again once the client acknowledged one");
    }

    @Test
    void anAcknowledgementIsRequestedEveryFewStanzas() {
        StreamManagement sm = new StreamManagement("id", Duration.ofSeconds(300), 100, MIB);
        int requests = 0;
        for (int i = 0; i < 3 * StreamManagement.REQUEST_EVERY; i++) {
            sm.sent(stanza(i));
            if (sm.requestDue()) requests++;
        }
        assertEquals(3, requests);
    }

    @Test
    void takingTheUnacknowledgedForgetsThem() {
        StreamManagement sm = new StreamManagement("id", Duration.ofSeconds(300), 100, MIB);
        sm.sent(stanza(1));
        sm.sent(stanza(2));
        assertEquals(List.of("<message id='1'/>", "<message id='2'/>"), texts(sm.takeUnacked()));
        assertEquals(0, sm.unackedCount());
    }
}
