package xmpp.s2s.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Where to connect for a remote domain (RFC 6120 section 3.2, XEP-0368): a static route from the
 * configuration wins; else the SRV records of {@code _xmpps-server._tcp} (direct TLS) and
 * {@code _xmpp-server._tcp}, by priority, direct TLS first on a tie; else the domain itself on 5269
 * when it has an address.
 */
final class PeerResolver {

    /** Nowhere to connect: the domain is unknown. */
    static final class NotFound extends Exception {
        NotFound(String message) {
            super(message);
        }
    }

    private final Map<String, PeerAddress> staticRoutes;
    private final Dns dns;

    PeerResolver(Map<String, PeerAddress> staticRoutes, Dns dns) {
        this.staticRoutes = Map.copyOf(staticRoutes);
        this.dns = dns;
    }

    List<PeerAddress> resolve(String domain) throws NotFound {
        PeerAddress fixed = staticRoutes.get(domain);
        if (fixed != null) return List.of(fixed);
        try {
            record Candidate(PeerAddress address, int priority, int weight) {
            }
            List<Candidate> candidates = new ArrayList<>();
            for (Dns.Srv s : dns.srv("_xmpps-server._tcp." + domain))
                candidates.add(new Candidate(new PeerAddress(s.target(), s.port(), true), s.priority(), s.weight()));
            for (Dns.Srv s : dns.srv("_xmpp-server._tcp." + domain))
                candidates.add(new Candidate(new PeerAddress(s.target(), s.port(), false), s.priority(), s.weight()));
            if (!candidates.isEmpty()) {
                candidates.sort(Comparator.comparingInt(Candidate::priority)
                        .thenComparing(c -> !c.address().directTls())
                        .thenComparing(Comparator.comparingInt(Candidate::weight).reversed()));
                return candidates.stream().map(Candidate::address).toList();
            }
            if (dns.hasAddress(domain)) return List.of(new PeerAddress(domain, PeerAddress.DEFAULT_PORT, false));
            throw new NotFound("no SRV record and no address for " + domain + " in DNS");
        } catch (IOException e) {
            throw new NotFound(e.getMessage());
        }
    }
}
