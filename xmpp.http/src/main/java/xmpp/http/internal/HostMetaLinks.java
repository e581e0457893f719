package xmpp.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * XEP-0156 connection discovery: the links of {@code /.well-known/host-meta} (XRD) and
 * {@code host-meta.json}, from the endpoints registered now and the configured links.
 */
final class HostMetaLinks {

    /** The service property an endpoint servlet carries to be listed: {@code websocket} or {@code xbosh}. */
    static final String ALT_CONNECTION = "xmpp.http.alt.connection";
    static final String REL_PREFIX = "urn:xmpp:alt-connections:";

    record Link(String rel, String href) { }

    private HostMetaLinks() {
    }

    /**
     * The link of an endpoint at {@code path} of {@code base} ({@code https://host:port}):
     * a WebSocket's scheme is {@code wss} (or {@code ws} on plain HTTP).
     */
    static Link endpoint(String kind, String base, String path) {
        String href = base + path;
        if (kind.equals("websocket")) href = href.replaceFirst("^http", "ws");
        return new Link(REL_PREFIX + kind, href);
    }

    /** A configured link, {@code "rel href"}. */
    static Link configured(String entry) {
        String[] parts = entry.strip().split("\\s+");
        if (parts.length != 2) throw new IllegalArgumentException("a link is 'rel href', not '" + entry + "'");
        return new Link(parts[0], parts[1]);
    }

    static String xrd(List<Link> links) {
        StringBuilder xml = new StringBuilder("<?xml version='1.0' encoding='utf-8'?>\n<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n");
        for (Link l : links)
            xml.append("  <Link rel='").append(escape(l.rel())).append("' href='").append(escape(l.href())).append("'/>\n");
        return xml.append("</XRD>\n").toString();
    }

    static String json(List<Link> links) {
        List<String> items = new ArrayList<>();
        for (Link l : links) items.add("{\"rel\":\"" + jsonString(l.rel()) + "\",\"href\":\"" + jsonString(l.href()) + "\"}");
        return "{\"links\":[" + String.join(",", items) + "]}\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;").replace("\"", "&quot;");
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else out.append(c);
        }
        return out.toString();
    }
}
