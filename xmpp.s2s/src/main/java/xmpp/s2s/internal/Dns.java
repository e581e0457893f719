package xmpp.s2s.internal;

import java.util.List;

/** The DNS look-ups federation needs; {@link DnsJava} asks real DNS, tests answer from a table. */
interface Dns {

    /** An SRV record's target, port, priority and weight. */
    record Srv(String target, int port, int priority, int weight) {
    }

    /** The SRV records of {@code name}, e.g. {@code _xmpp-server._tcp.example.org}; empty when there are none. */
    List<Srv> srv(String name) throws java.io.IOException;

    /** Whether {@code host} has an A or AAAA record. */
    boolean hasAddress(String host) throws java.io.IOException;
}
