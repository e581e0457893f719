package xmpp.mod.muc.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import xmpp.core.xml.Element;

/**
 * A room's discussion history (XEP-0045 section 7.2.15): the last messages, each with the time
 * it was sent, and what a joining client asks of it ({@code maxchars}, {@code maxstanzas},
 * {@code seconds}, {@code since}). Guarded by its room.
 */
final class History {

    record Entry(Instant sent, Element message) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    void add(Instant sent, Element message, int keep) {
        entries.addLast(new Entry(sent, message));
        trim(keep);
    }

    void trim(int keep) {
        while (entries.size() > keep) entries.removeFirst();
    }

    /**
     * The entries a join asks for with its {@code <history/>} element (or none: all kept), oldest
     * first. Limits combine: the strictest wins.
     */
    List<Entry> requested(Element history, Instant now) {
        int maxStanzas = limit(history, "maxstanzas");
        int maxChars = limit(history, "maxchars");
        Instant since = Instant.MIN;
        if (history != null && !history.attr("seconds").isEmpty()) since = now.minusSeconds(Math.max(0, limit(history, "seconds")));
        if (history != null && !history.attr("since").isEmpty()) {
            try {
                Instant asked = Instant.parse(history.attr("since"));
                if (asked.isAfter(since)) since = asked;
            } catch (DateTimeParseException e) {
                since = Instant.MAX;   // an unreadable date gets nothing rather than everything
            }
        }
        List<Entry> picked = new ArrayList<>();
        int chars = 0;
        var it = entries.descendingIterator();
        while (it.hasNext() && picked.size() < maxStanzas) {
            Entry e = it.next();
            if (e.sent().isBefore(since)) break;
            chars += e.message().toXml().length();
            if (chars > maxChars) break;
            picked.addFirst(e);
        }
        return picked;
    }

    private static int limit(Element history, String attr) {
        if (history == null || history.attr(attr).isEmpty()) return Integer.MAX_VALUE;
        try {
            return Math.max(0, Integer.parseInt(history.attr(attr).strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
