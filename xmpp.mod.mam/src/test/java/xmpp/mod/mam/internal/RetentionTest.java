package xmpp.mod.mam.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static xmpp.mod.mam.internal.Fixtures.JULIET;
import static xmpp.mod.mam.internal.Fixtures.ROMEO;
import static xmpp.mod.mam.internal.Fixtures.xml;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import xmpp.core.storage.ArchivedMessage;

/** The expiry job deletes what is older than the retention, and nothing while retention is 0. */
class RetentionTest {

    final Instant now = Instant.parse("2026-06-30T12:00:00Z");
    final Fixtures.ListArchive archive = new Fixtures.ListArchive();

    void archived(long id, Instant stamp) throws Exception {
        archive.append(List.of(new ArchivedMessage(JULIET, id, stamp, ROMEO, xml("<message><body>x</body></message>"))));
    }

    @Test
    void messagesOlderThanTheRetentionLeaveAndTheRestStays() throws Exception {
        archived(1, now.minus(Duration.ofDays(31)));
        archived(2, now.minus(Duration.ofDays(29)));
        Retention job = new Retention(archive, Duration.ofDays(30), Clock.fixed(now, ZoneOffset.UTC));
        assertEquals(1, job.expire());
        assertEquals(List.of(2L), archive.snapshot().stream().map(ArchivedMessage::id).toList());
        job.stop();
    }

    @Test
    void aRetentionOfZeroKeepsEverything() throws Exception {
        archived(1, now.minus(Duration.ofDays(3650)));
        Retention job = new Retention(archive, Duration.ZERO, Clock.fixed(now, ZoneOffset.UTC));
        assertEquals(0, job.expire());
        assertEquals(1, archive.snapshot().size());
        job.stop();
    }
}
