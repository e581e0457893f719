package xmpp.cluster.hazelcast.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import xmpp.core.jid.Jid;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.stream.XmlParseException;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/**
 * One account's sessions as the shared map holds them: a line per session, its fields separated
 * by tabs. A JID has no tab and no line break (RFC 7622 forbids control characters), so none is
 * escaped; the last presence, whose status text may have both, is its XML in base64.
 */
final class SessionLines {

    private static final System.Logger log = System.getLogger(SessionLines.class.getName());

    private SessionLines() {
    }

    static List<SessionEntry> decode(String lines) {
        if (lines == null) return List.of();
        List<SessionEntry> entries = new ArrayList<>();
        for (String line : lines.split("\n")) {
            String[] f = line.split("\t");
            Jid jid = Jid.of(f[0]);
            Optional<Element> presence = f.length > 5 ? presence(jid, f[5]) : Optional.empty();   // a line of a node before presences were kept has five fields
            entries.add(new SessionEntry(jid, f[1], Integer.parseInt(f[2]), f[3].equals("1"), Instant.ofEpochMilli(Long.parseLong(f[4])), presence));
        }
        return entries;
    }

    static String encode(List<SessionEntry> entries) {
        if (entries.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        for (SessionEntry e : entries) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(e.jid()).append('\t').append(e.node()).append('\t').append(e.priority()).append('\t')
                    .append(e.available() ? '1' : '0').append('\t').append(e.since().toEpochMilli()).append('\t')
                    .append(e.presence().map(p -> BASE64.encodeToString(p.toXml().getBytes(StandardCharsets.UTF_8))).orElse(""));
        }
        return sb.toString();
    }

    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private static Optional<Element> presence(Jid jid, String field) {
        if (field.isEmpty()) return Optional.empty();
        String xml = new String(Base64.getDecoder().decode(field), StandardCharsets.UTF_8);
        try {
            return Optional.of(XmlStreams.parseElement(xml));
        } catch (XmlParseException e) {
            log.log(System.Logger.Level.WARNING, "the shared table holds an unreadable presence for {0}; probes are answered as if it had none: {1}",
                    jid, e.getMessage());
            return Optional.empty();
        }
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
