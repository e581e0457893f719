package xmpp.webconsole.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import xmpp.core.spi.net.IpLiterals;

/**
 * Where the console may be reached from: loopback always, and the addresses or networks
 * ({@code 192.0.2.7}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or {@code *} for anywhere)
 * the operator lists.
 */
final class SourceAddresses {

    private final List<Network> allowed;

    /** @throws IllegalArgumentException naming an entry that is no address or network */
    SourceAddresses(String[] entries) {
        this.allowed = Stream.of(entries).map(String::strip).filter(s -> !s.isEmpty()).map(Network::parse).toList();
    }

    boolean allows(String remote) {
        InetAddress from;
        try {
            from = IpLiterals.parse(remote);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return from.isLoopbackAddress() || allowed.stream().anyMatch(n -> n.contains(from));
    }

    private record Network(byte[] prefix, int bits) {
        static Network parse(String entry) {
            if (entry.equals("*")) return new Network(new byte[0], 0);
            int slash = entry.indexOf('/');
            byte[] address = IpLiterals.parse(slash < 0 ? entry : entry.substring(0, slash)).getAddress();
            int bits;
            try {
                bits = slash < 0 ? address.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a network: " + entry);
            }
            if (bits < 0 || bits > address.length * 8) throw new IllegalArgumentException("not a network: " + entry);
            return new Network(address, bits);
        }

        boolean contains(InetAddress candidate) {
            if (bits == 0) return true;
            byte[] a = candidate.getAddress();
            if (a.length != prefix.length) return false;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (prefix[i / 8] & mask)) return false;
            }
            return true;
        }
    }
}
