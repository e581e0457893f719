package xmpp.mod.push.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;

class SentNotificationsTest {

    static final Jid JULIET = Jid.of("juliet@example.com");
    static final Jid APP = Jid.of("push.example.org");

    Instant now = Instant.parse("2026-11-29T12:00:00Z");
    final SentNotifications sent = new SentNotifications(new Clock() {
        @Override public Instant instant() { return now; }
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    });

    @Test
    void aNotificationUnansweredForTooLongIsForgotten() {
        sent.sent("push-1", JULIET, APP, "node1");
        now = now.plus(SentNotifications.MAX_AGE).minusSeconds(1);
        sent.sent("push-2", JULIET, APP, "node1");
        assertEquals("node1", sent.answered("push-1").orElseThrow().node(), "still within its age");
        now = now.plusSeconds(2);
        sent.sent("push-3", JULIET, APP, "node1");
        now = now.plus(SentNotifications.MAX_AGE);
        assertEquals(Optional.empty(), sent.answered("push-2"));
    }

    @Test
    void theOldestAreForgottenBeyondTheBound() {
        for (int i = 0; i <= SentNotifications.MAX_PENDING; i++) sent.sent("push-" + i, JULIET, APP, "node1");
        assertEquals(Optional.empty(), sent.answered("push-0"));
        assertTrue(sent.answered("push-" + SentNotifications.MAX_PENDING).isPresent());
    }
}
