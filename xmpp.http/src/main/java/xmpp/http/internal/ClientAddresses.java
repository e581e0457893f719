package xmpp.http.internal;

import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import xmpp.core.spi.net.IpLiterals;

/**
 * Who sent a request, and whether it may be served: HTTPS from anyone; plain HTTP only from
 * loopback or from a reverse proxy the operator names. X-Forwarded-For is believed only from
 * such a proxy, since anyone else can write whatever address they like into it.
 */
final class ClientAddresses {

    private final Set<InetAddress> proxies;

    /** @throws IllegalArgumentException naming an entry that is no IP address */
    ClientAddresses(String[] trustedProxies) {
        this.proxies = Stream.of(trustedProxies).map(String::strip).filter(s -> !s.isEmpty()).map(IpLiterals::parse)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The client's address, or empty when the request must be refused.
     *
     * @param forwardedFor the X-Forwarded-For header, or null
     */
    Optional<String> client(boolean secure, String remote, String forwardedFor) {
        InetAddress from = IpLiterals.parse(remote);
        if (proxies.contains(from)) return Optional.of(forwardedClient(remote, forwardedFor));
        return secure || from.isLoopbackAddress() ? Optional.of(remote) : Optional.empty();
    }

    /**
     * Whether the client's request came over TLS: HTTPS here, or HTTPS to a named proxy, which says so
     * in X-Forwarded-Proto (its first entry: the client's side). Endpoints that carry XMPP count on it.
     *
     * @param forwardedProto the X-Forwarded-Proto header, or null
     */
    boolean secure(boolean secure, String remote, String forwardedProto) {
        if (secure) return true;
        if (forwardedProto == null || !proxies.contains(IpLiterals.parse(remote))) return false;
        return forwardedProto.split(",")[0].strip().equalsIgnoreCase("https");
    }

    /** The last address the proxies did not add themselves: earlier entries are the client's own word. */
    private String forwardedClient(String proxy, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank()) return proxy;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            try {
                if (!proxies.contains(IpLiterals.parse(hop))) return hop;
            } catch (IllegalArgumentException e) {
                return proxy;   // garbage in the header: the proxy is all we know
            }
        }
        return proxy;
    }
}
