package xmpp.core.mam;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids of archived messages, which are also their XEP-0359 stanza ids: microseconds since the
 * epoch, made unique by counting on from the last one given, so that the archive's order is
 * the order in which messages were stamped, even when a message is written out of turn. A
 * restart goes on from the clock, which is far past any id of the run before unless the clock
 * went back. One generator serves one module, and is safe for many threads.
 */
public final class ArchiveIds {

    private final AtomicLong last = new AtomicLong();

    /** A new id, larger than every one given before, for a message archived at {@code now}. */
    public long next(Instant now) {
        long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
        return last.updateAndGet(previous -> Math.max(previous + 1, micros));
    }

    /** The id as a client sees it: in stanza-ids, results and paging. */
    public static String format(long id) {
        return Long.toString(id);
    }

    /** An id a client sends back; empty for anything this archive cannot have given. */
    public static Optional<Long> parse(String id) {
        try {
            long value = Long.parseLong(id.strip());
            return value > 0 ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
