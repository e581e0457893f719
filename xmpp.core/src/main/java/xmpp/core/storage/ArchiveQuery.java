package xmpp.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import xmpp.core.jid.Jid;

/**
 * Which messages of an archive a query asks for (XEP-0313 section 4.1: {@code with}, {@code start},
 * {@code end}, {@code after-id}, {@code before-id}, {@code ids}; all that are given must match), and
 * the page of them (XEP-0059): at most {@code max} messages after {@code cursor}, or, going
 * {@code backwards}, the last {@code max} before it. Without a cursor a page starts at the first
 * match, or going backwards ends at the last.
 *
 * <p>A {@code with} that is a bare JID matches every resource of it; a full JID matches only itself.
 *
 * @since 1.1
 */
public record ArchiveQuery(Optional<Jid> with, Optional<Instant> start, Optional<Instant> end,
                           Optional<Long> afterId, Optional<Long> beforeId, List<Long> ids,
                           int max, Optional<Long> cursor, boolean backwards) {

    public ArchiveQuery {
        Objects.requireNonNull(with, "with");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(afterId, "afterId");
        Objects.requireNonNull(beforeId, "beforeId");
        Objects.requireNonNull(cursor, "cursor");
        ids = List.copyOf(ids);
        if (max < 0) throw new IllegalArgumentException("max " + max + " is negative");
    }

    /** The first {@code max} messages of the whole archive. */
    public static ArchiveQuery first(int max) {
        return new ArchiveQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), max, Optional.empty(), false);
    }

    public ArchiveQuery withWith(Jid with) {
        return new ArchiveQuery(Optional.of(with), start, end, afterId, beforeId, ids, max, cursor, backwards);
    }

    public ArchiveQuery withRange(Optional<Instant> start, Optional<Instant> end) {
        return new ArchiveQuery(with, start, end, afterId, beforeId, ids, max, cursor, backwards);
    }

    public ArchiveQuery withIdRange(Optional<Long> afterId, Optional<Long> beforeId) {
        return new ArchiveQuery(with, start, end, afterId, beforeId, ids, max, cursor, backwards);
    }

    public ArchiveQuery withIds(List<Long> ids) {
        return new ArchiveQuery(with, start, end, afterId, beforeId, ids, max, cursor, backwards);
    }

    /** The page after {@code cursor} (none: the first page). */
    public ArchiveQuery after(Optional<Long> cursor, int max) {
        return new ArchiveQuery(with, start, end, afterId, beforeId, ids, max, cursor, false);
    }

    /** The page before {@code cursor} (none: the last page). */
    public ArchiveQuery before(Optional<Long> cursor, int max) {
        return new ArchiveQuery(with, start, end, afterId, beforeId, ids, max, cursor, true);
    }
}
