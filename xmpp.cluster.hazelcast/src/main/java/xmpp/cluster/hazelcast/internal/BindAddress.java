package xmpp.cluster.hazelcast.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the cluster port may listen. Hazelcast's open-source member protocol has no
 * authentication and no TLS: whoever reaches the port can join and read every session. So an
 * address others may reach (a wildcard, or a public address) needs the operator's explicit word.
 */
final class BindAddress {

    private BindAddress() {
    }

    /**
     * The address to bind, checked.
     *
     * @throws IllegalArgumentException naming the key to change, if it is not a literal address
     *         of a private network or loopback and {@code publicAllowed} is false
     */
    static InetAddress of(String address, boolean publicAllowed) {
        InetAddress parsed = parse(address);
        if (publicAllowed || isPrivate(parsed)) return parsed;
        String why = parsed.isAnyLocalAddress() ? "a wildcard address, which binds every interface, public ones included"
                : "a public address";
        throw new IllegalArgumentException(ClusterConfig.PID + ".address=" + address + " is " + why
                + "; the cluster port has no authentication: bind a private address, or set public.allowed=true behind a firewall");
    }

    private static InetAddress parse(String address) {
        String literal = address.strip();
        if (literal.isEmpty() || !(literal.contains(":") || literal.chars().allMatch(c -> c == '.' || Character.isDigit(c))))
            throw new IllegalArgumentException(ClusterConfig.PID + ".address=" + address + " is not an IP address (a name could resolve anywhere)");
        try {
            return InetAddress.getByName(literal);   // a literal: no look-up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ClusterConfig.PID + ".address=" + address + " is not an IP address");
        }
    }

    /** Loopback, RFC 1918, link-local, IPv6 unique local (fc00::/7), carrier-grade NAT (100.64.0.0/10). */
    static boolean isPrivate(InetAddress a) {
        if (a.isAnyLocalAddress()) return false;
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()) return true;
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) return (b[0] & 0xfe) == 0xfc;
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
}
