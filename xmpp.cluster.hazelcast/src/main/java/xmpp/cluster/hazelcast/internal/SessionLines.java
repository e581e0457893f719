package xmpp.cluster.hazelcast.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import xmpp.core.jid.Jid;
import xmpp.core.spi.route.SessionEntry;

/**
 * One account's sessions as the shared map holds them: a line per session, its fields separated
 * by tabs. A JID has no tab and no line break (RFC 7622 forbids control characters), so none is
 * escaped.
 */
final class SessionLines {

    private SessionLines() {
    }

    static List<SessionEntry> decode(String lines) {
        if (lines == null) return List.of();
        List<SessionEntry> entries = new ArrayList<>();
        for (String line : lines.split("\n")) {
            String[] f = line.split("\t");
            entries.add(new SessionEntry(Jid.of(f[0]), f[1], Integer.parseInt(f[2]), f[3].equals("1"), Instant.ofEpochMilli(Long.parseLong(f[4]))));
        }
        return entries;
    }

    static String encode(List<SessionEntry> entries) {
        if (entries.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        for (SessionEntry e : entries) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(e.jid()).append('\t').append(e.node()).append('\t').append(e.priority()).append('\t')
                    .append(e.available() ? '1' : '0').append('\t').append(e.since().toEpochMilli());
        }
        return sb.toString();
    }

    /** {@code lines} with {@code entry} added, or replacing the one of the same full JID. */
    static String with(String lines, SessionEntry entry) {
        List<SessionEntry> updated = new ArrayList<>(decode(lines));
        updated.removeIf(e -> e.jid().equals(entry.jid()));
        updated.add(entry);
        return encode(updated);
    }

    /** {@code lines} without the session of {@code jid} if {@code node} holds it; null when none is left. */
    static String without(String lines, Jid jid, String node) {
        List<SessionEntry> updated = new ArrayList<>(decode(lines));
        updated.removeIf(e -> e.jid().equals(jid) && e.node().equals(node));
        return encode(updated);
    }
}
