package xmpp.s2s.internal;

/** The namespaces of server streams. */
final class Namespaces {

    static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    static final String DIALBACK = "jabber:server:dialback";
    static final String DIALBACK_FEATURE = "urn:xmpp:features:dialback";

    private Namespaces() {
    }
}
