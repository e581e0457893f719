package xmpp.mod.mam.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static xmpp.mod.mam.internal.Fixtures.JULIET;
import static xmpp.mod.mam.internal.Fixtures.ROMEO;
import static xmpp.mod.mam.internal.Fixtures.xml;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/** The writer between routing and the database: what makes routing wait, and what is written before the module stops. */
class ArchiveWriterTest {

    /** An archive whose database stalls: every write waits until the test opens the gate. */
    static class StalledArchive extends Fixtures.ListArchive {
        final CountDownLatch gate = new CountDownLatch(1);

        /** Whether this write waits for the gate. */
        boolean stalls() {
            return true;
        }

        @Override
        public void append(List<ArchivedMessage> batch) throws StorageException {
            if (stalls()) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted", e);
                }
            }
            super.append(batch);
        }
    }

    static ArchivedMessage message(long id) throws Exception {
        Element chat = xml("<message xmlns='jabber:client' type='chat' id='m" + id + "' from='romeo@example.net/phone' to='juliet@example.com'>"
                + "<body>hello " + id + "</body></message>");
        return new ArchivedMessage(JULIET, id, Instant.EPOCH, ROMEO, chat);
    }

    /** An archive whose first write waits until the test opens the gate; later ones go through. */
    static final class FirstWriteStalled extends StalledArchive {
        final AtomicBoolean first = new AtomicBoolean(true);

        @Override
        boolean stalls() {
            return first.getAndSet(false);
        }
    }

    @Test
    void aQueryWaitsForAnEarlierBatchStillBeingWrittenWhenALaterOneIsDone() throws Exception {
        FirstWriteStalled archive = new FirstWriteStalled();
        ArchiveWriter writer = new ArchiveWriter(Fixtures.shipped(), archive);   // two writers
        writer.write(message(1));
        while (archive.first.get()) Thread.onSpinWait();   // a writer holds message 1
        writer.write(message(2));
        while (archive.snapshot().isEmpty()) Thread.onSpinWait();   // the other writer stored message 2
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);   // a query that wrongly counted message 2 as everything is back by now
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            archive.gate.countDown();
        });
        writer.awaitWritten(Duration.ofMinutes(1));
        assertEquals(List.of(2L, 1L), archive.snapshot().stream().map(ArchivedMessage::id).toList(),
                "the query saw the message queued before it");
        writer.stop();
    }

    @Test
    void aStalledDatabaseDoesNotHoldRoutingWhileTheShippedQueueHasRoomForABurst() throws Exception {
        StalledArchive archive = new StalledArchive();
        ArchiveWriter writer = new ArchiveWriter(Fixtures.shipped(), archive);
        int burst = 50_000;   // 200 sessions sending 100 messages/s each for 2.5 s: each message two entries
        // The timeout only catches a routing thread that waits for the database: it never fires otherwise.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 1; i <= burst; i++) writer.write(message(i));
        }, "routing waited for the stalled database although the queue had memory left");
        archive.gate.countDown();
        writer.stop();
        assertEquals(burst, archive.snapshot().size(), "everything queued is written before the module stops");
    }
}
