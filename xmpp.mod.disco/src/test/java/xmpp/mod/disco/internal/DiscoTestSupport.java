package xmpp.mod.disco.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import xmpp.core.jid.Jid;
import xmpp.core.stanza.Iq;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.Subscription;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** Requests, answers and a roster for the disco tests. */
final class DiscoTestSupport {

    private DiscoTestSupport() {
    }

    static Iq iq(String type, String from, String to, String namespace, String node) throws Exception {
        String nodeAttr = node.isEmpty() ? "" : " node='" + node + "'";
        return Iq.of(XmlStreams.parseElement("<iq type='" + type + "' id='d1' from='" + from + "' to='" + to + "'>"
                + "<query xmlns='" + namespace + "'" + nodeAttr + "/></iq>"));
    }

    static Element result(Element reply, String namespace) {
        assertEquals("result", reply.attr("type"), reply.toXml());
        assertEquals("d1", reply.attr("id"));
        return reply.child("query", namespace).orElseThrow();
    }

    static String error(Element reply) {
        assertEquals("error", reply.attr("type"), reply.toXml());
        return reply.child("error").orElseThrow().firstElement().orElseThrow().name();
    }

    static List<String> features(Element query) {
        return query.elements().stream().filter(e -> e.name().equals("feature")).map(e -> e.attr("var")).toList();
    }

    /** An IQ handler's service properties, as DS registers them. */
    static Map<String, Object> handler(String namespace, String... scopes) {
        return Map.of("objectClass", new String[] {"xmpp.core.route.IqHandler"}, "xmpp.iq.namespace", namespace,
                "xmpp.iq.scope", scopes, "xmpp.host", "*");
    }

    /** Juliet's roster: who is subscribed to her. */
    static final class Roster implements RosterStore {
        final Map<Jid, RosterItem> items = new HashMap<>();

        Roster with(String contact, Subscription s) {
            items.put(Jid.of(contact), RosterItem.of(Jid.of(contact), "", Set.of()).withSubscription(s, false, false));
            return this;
        }

        @Override public List<RosterItem> items(Jid owner) { return List.copyOf(items.values()); }
        @Override public Optional<RosterItem> item(Jid owner, Jid contact) {
            return owner.equals(Jid.of("juliet@localhost")) ? Optional.ofNullable(items.get(contact)) : Optional.empty();
        }
        @Override public long put(Jid owner, RosterItem item) { throw new UnsupportedOperationException(); }
        @Override public long remove(Jid owner, Jid contact) { throw new UnsupportedOperationException(); }
        @Override public long version(Jid owner) { return 0; }
        @Override public int count(Jid owner) { return items.size(); }
    }
}
