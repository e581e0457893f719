package xmpp.core.stream;

/** Namespaces of XML streams (RFC 6120 sections 4.8 and 11.2). */
public final class Streams {

    /** The namespace of {@code <stream:stream>}, {@code <stream:features>}, {@code <stream:error>}. */
    public static final String STREAMS_NS = "http://etherx.jabber.org/streams";
    /** Content namespace of client-to-server streams. */
    public static final String CLIENT_NS = "jabber:client";
    /** Content namespace of server-to-server streams. */
    public static final String SERVER_NS = "jabber:server";

    private Streams() {
    }
}
