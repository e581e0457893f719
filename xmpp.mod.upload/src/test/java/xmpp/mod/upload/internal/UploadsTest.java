package xmpp.mod.upload.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaException;

/** XEP-0363's rules on a real folder and a clock the test turns. */
class UploadsTest {

    /** A clock that moves only when the test says so. */
    static final class TurnedClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void turn(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @TempDir Path dir;
    final TurnedClock clock = new TurnedClock();
    final Jid juliet = Jid.of("juliet@localhost/balcony");
    final Jid romeo = Jid.of("romeo@localhost/garden");

    Uploads uploads() throws Exception {
        return new Uploads(new DiskFileStore(dir), new Uploads.Limits(1000, 1500, Duration.ofDays(1), Duration.ofMinutes(5)), clock);
    }

    static InputStream bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) i;
        return new ByteArrayInputStream(b);
    }

    @Test
    void aSlotsFileIsStoredByItsPutAndServedWithItsNameAndType() throws Exception {
        Uploads uploads = uploads();
        Uploads.Slot slot = uploads.requestSlot(juliet, "../../etc/photo 1.jpg", 800, "Image/JPEG");
        assertEquals(Jid.of("juliet@localhost"), slot.owner());
        assertEquals("photo 1.jpg", slot.name(), "the last path segment only");
        assertEquals(slot.id() + "/photo%201.jpg", Uploads.path(slot));
        assertEquals(new Uploads.Outcome(201, "stored"), uploads.put(slot.id(), slot.authorization(), 800, bytes(800)));
        FileStore.StoredFile stored = uploads.find(slot.id()).orElseThrow();
        assertEquals("image/jpeg", stored.contentType());
        try (InputStream in = uploads.open(stored)) {
            assertArrayEquals(bytes(800).readAllBytes(), in.readAllBytes());
        }
        assertEquals(409, uploads.put(slot.id(), slot.authorization(), 800, bytes(800)).status(), "a slot takes one file");
        assertTrue(new DiskFileStore(dir).find(slot.id()).isPresent(), "kept across a restart");
    }

    @Test
    void aFileOverTheLimitGetsNoSlot() throws Exception {
        StanzaException e = assertThrows(StanzaException.class, () -> uploads().requestSlot(juliet, "big.bin", 1001, "application/octet-stream"));
        assertEquals(StanzaError.Condition.NOT_ACCEPTABLE, e.error().condition());
        assertEquals(StanzaError.Condition.BAD_REQUEST,
                assertThrows(StanzaException.class, () -> uploads().requestSlot(juliet, "empty", 0, "")).error().condition());
    }

    @Test
    void theQuotaCountsStoredFilesAndSlotsInProgressPerUser() throws Exception {
        Uploads uploads = uploads();
        Uploads.Slot first = uploads.requestSlot(juliet, "a", 1000, "");
        StanzaException e = assertThrows(StanzaException.class, () -> uploads.requestSlot(juliet, "b", 600, ""), "1000 promised + 600 > 1500");
        assertEquals(StanzaError.Condition.RESOURCE_CONSTRAINT, e.error().condition());
        assertEquals(StanzaError.Type.WAIT, e.error().type());
        uploads.requestSlot(romeo, "c", 1000, "");   // another user's quota is his own
        uploads.put(first.id(), first.authorization(), 1000, bytes(1000));
        assertThrows(StanzaException.class, () -> uploads.requestSlot(juliet, "b", 600, ""), "stored files count too");
        clock.turn(Duration.ofDays(1));
        uploads.requestSlot(juliet, "b", 600, "");   // the first has expired
    }

    @Test
    void aPutToAnotherUsersSlotIsForbiddenAndStoresNothing() throws Exception {
        Uploads uploads = uploads();
        Uploads.Slot juliets = uploads.requestSlot(juliet, "a.txt", 10, "text/plain");
        Uploads.Slot romeos = uploads.requestSlot(romeo, "b.txt", 10, "text/plain");
        assertEquals(403, uploads.put(juliets.id(), romeos.authorization(), 10, bytes(10)).status());
        assertEquals(403, uploads.put(juliets.id(), null, 10, bytes(10)).status());
        assertFalse(uploads.find(juliets.id()).isPresent());
        assertEquals(201, uploads.put(juliets.id(), juliets.authorization(), 10, bytes(10)).status(), "its owner still can");
    }

    @Test
    void aBodyOfAnotherSizeThanTheSlotsIsRefusedAndTheSlotStaysUsable() throws Exception {
        Uploads uploads = uploads();
        Uploads.Slot slot = uploads.requestSlot(juliet, "a", 100, "");
        assertEquals(413, uploads.put(slot.id(), slot.authorization(), 101, bytes(101)).status());
        assertEquals(400, uploads.put(slot.id(), slot.authorization(), 99, bytes(99)).status());
        assertEquals(411, uploads.put(slot.id(), slot.authorization(), -1, bytes(100)).status());
        assertEquals(400, uploads.put(slot.id(), slot.authorization(), 100, bytes(50)).status(), "a body that ends early");
        assertEquals(400, uploads.put(slot.id(), slot.authorization(), 100, bytes(5000)).status(), "a body longer than it said");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing is left of the refused bodies");
        }
        assertEquals(201, uploads.put(slot.id(), slot.authorization(), 100, bytes(100)).status());
    }

    @Test
    void aSlotLapsesAndAFileExpires() throws Exception {
        Uploads uploads = uploads();
        Uploads.Slot late = uploads.requestSlot(juliet, "late", 10, "");
        Uploads.Slot kept = uploads.requestSlot(juliet, "kept", 10, "");
        uploads.put(kept.id(), kept.authorization(), 10, bytes(10));
        clock.turn(Duration.ofMinutes(6));
        assertEquals(404, uploads.put(late.id(), late.authorization(), 10, bytes(10)).status());
        assertTrue(uploads.find(kept.id()).isPresent());
        clock.turn(Duration.ofDays(1));
        assertFalse(uploads.find(kept.id()).isPresent(), "expired: gone");
        assertFalse(Files.exists(dir.resolve(kept.id())), "and its bytes deleted");
    }

    @Test
    void theExpiryRunDeletesExpiredFilesOnly() throws Exception {
        Uploads uploads = uploads();
        Uploads.Slot old = uploads.requestSlot(juliet, "old", 10, "");
        uploads.put(old.id(), old.authorization(), 10, bytes(10));
        clock.turn(Duration.ofHours(23));
        Uploads.Slot young = uploads.requestSlot(juliet, "young", 10, "");
        uploads.put(young.id(), young.authorization(), 10, bytes(10));
        clock.turn(Duration.ofHours(1));
        assertEquals(1, uploads.expire());
        assertTrue(uploads.find(young.id()).isPresent());
    }

    @Test
    void anAccountsFilesAndSlotsGoWithIt() throws Exception {
        Uploads uploads = uploads();
        Uploads.Slot stored = uploads.requestSlot(juliet, "a", 10, "");
        uploads.put(stored.id(), stored.authorization(), 10, bytes(10));
        Uploads.Slot waiting = uploads.requestSlot(juliet, "b", 10, "");
        Uploads.Slot romeos = uploads.requestSlot(romeo, "c", 10, "");
        uploads.put(romeos.id(), romeos.authorization(), 10, bytes(10));
        assertEquals(1, uploads.deleteAll(Jid.of("juliet@localhost")));
        assertFalse(uploads.find(stored.id()).isPresent());
        assertEquals(404, uploads.put(waiting.id(), waiting.authorization(), 10, bytes(10)).status());
        assertTrue(uploads.find(romeos.id()).isPresent());
    }

    @Test
    void onlyIdsTheServerMakesReachTheStore() {
        assertFalse(Uploads.isId(".."));
        assertFalse(Uploads.isId("../../etc/passwd"));
        assertFalse(Uploads.isId("abc"));
        assertTrue(Uploads.isId("AbCdEfGhIjKlMnOp-_12"));
    }

    @Test
    void contentTypesAreKeptOnlyWhenTheyAreTypes() {
        assertEquals("image/png", Uploads.safeType("image/png"));
        assertEquals("application/octet-stream", Uploads.safeType("text/html\r\nSet-Cookie: x"));
        assertEquals("application/octet-stream", Uploads.safeType(""));
    }
}
