package xmpp.s2s.internal;

/** The namespaces of server streams. */
final class Namespaces {

    static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    static final String DIALBACK = "jabber:server:dialback";
    static final String DIALBACK_FEATURE = "urn:xmpp:features:dialback";

    private Namespaces() {
    }

    /**
     * A dialback element as XEP-0220 writes it, {@code <db:result/>} or {@code <db:verify/>}, with the
     * prefix our stream header declares: ejabberd recognizes them by that name, not by namespace.
     */
    static xmpp.core.xml.Element.Builder dialback(String name) {
        return xmpp.core.xml.Element.builder("db:" + name);
    }
}
