package xmpp.core.spi.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP addresses written as literals ({@code 192.0.2.7}, {@code 2001:db8::1}), never names: a name
 * would make a decision wait for DNS, and would let whoever controls that DNS decide it.
 */
public final class IpLiterals {

    private IpLiterals() {
    }

    /** Whether {@code address} is written as an IP address rather than a name (it may still be a malformed one). */
    public static boolean isLiteral(String address) {
        return address.contains(":") || address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    /** @throws IllegalArgumentException naming {@code address} when it is no IP literal */
    public static InetAddress parse(String address) {
        if (!isLiteral(address)) throw new IllegalArgumentException("not an IP address: " + address);
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    /** Whether {@code address} is an IP literal of loopback; false for a name or a malformed literal. */
    public static boolean isLoopback(String address) {
        try {
            return parse(address).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
