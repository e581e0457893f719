package xmpp.mod.proxy65.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.Stanzas;
import xmpp.core.xml.Element;

/**
 * The XMPP side of the proxy (XEP-0065 sections 6.3.1 and 6.3.4): its network address for a
 * {@code get}, and activation of a session for a {@code set} from the initiator. Only users of
 * served domains may use it. Discovery of the proxy is the discovery module's, from the
 * component's identity and feature.
 */
final class Bytestreams {

    static final String NS = "http://jabber.org/protocol/bytestreams";

    private final Router router;
    private final Socks5Proxy proxy;
    private final Predicate<String> isServed;
    private final String address;
    private final int port;

    /** @param address the host clients connect to; empty: the served domain the proxy is a subdomain of */
    Bytestreams(Router router, Socks5Proxy proxy, Predicate<String> isServed, String address, int port) {
        this.router = router;
        this.proxy = proxy;
        this.isServed = isServed;
        this.address = address;
        this.port = port;
    }

    /** A stanza to the proxy's domain; it carries {@code from} and {@code to}. */
    void route(Jid from, Jid to, Element stanza) {
        String type = stanza.attr("type");
        if (!stanza.name().equals("iq") || !(type.equals("get") || type.equals("set"))) {
            if (stanza.name().equals("message")) reply(stanza, StanzaError.of(Condition.SERVICE_UNAVAILABLE, "the proxy takes no messages"));
            return;   // presence, and answers to nothing the proxy asked
        }
        Optional<Element> query = stanza.firstElement().filter(q -> q.name().equals("query") && q.namespace().equals(NS));
        if (query.isEmpty()) {
            reply(stanza, StanzaError.of(Condition.SERVICE_UNAVAILABLE, "the proxy answers " + NS + " only"));
        } else if (!isServed.test(from.domainpart())) {
            reply(stanza, StanzaError.of(Condition.FORBIDDEN, "only users of this server may use its proxy"));
        } else if (type.equals("get")) {
            answer(stanza, Element.builder("query").xmlns(NS).child(Element.builder("streamhost").attr("jid", to.toString())
                    .attr("host", address.isEmpty() ? servedDomainOf(to) : address).attr("port", Integer.toString(port)).build()).build());
        } else {
            activate(from, stanza, query.get());
        }
    }

    private void activate(Jid initiator, Element iq, Element query) {
        String sid = query.attr("sid");
        Optional<Jid> target = query.child("activate").flatMap(a -> Jid.parse(a.text().strip()));
        if (sid.isEmpty() || target.isEmpty()) {
            reply(iq, StanzaError.of(Condition.BAD_REQUEST, "activation needs a sid and the target's JID in <activate/>"));
        } else if (proxy.activate(hash(sid, initiator, target.get()))) {
            answer(iq, null);
        } else {
            reply(iq, StanzaError.of(Condition.NOT_ALLOWED, "both parties must connect to the proxy with this session's hash before it is activated"));
        }
    }

    /** XEP-0065 section 5.3.2: SHA-1 of the session id, the initiator's and the target's full JIDs, in hex. */
    static String hash(String sid, Jid initiator, Jid target) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((sid + initiator + target).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    /** proxy.example.org: example.org. */
    private static String servedDomainOf(Jid proxy) {
        String domain = proxy.domainpart();
        return domain.substring(domain.indexOf('.') + 1);
    }

    private void answer(Element iq, Element payload) {
        Element.Builder result = Element.builder("iq").attr("type", "result").attr("id", iq.attr("id"))
                .attr("from", iq.attr("to")).attr("to", iq.attr("from"));
        if (payload != null) result.child(payload);
        router.route(Jid.of(iq.attr("to")), Jid.of(iq.attr("from")), result.build());
    }

    private void reply(Element stanza, StanzaError error) {
        if (Stanzas.isError(stanza)) return;
        router.route(Jid.of(stanza.attr("to")), Jid.of(stanza.attr("from")), Stanzas.errorReply(stanza, error));
    }
}
