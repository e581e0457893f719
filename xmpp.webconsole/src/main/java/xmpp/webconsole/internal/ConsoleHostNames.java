package xmpp.webconsole.internal;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import xmpp.core.spi.net.IpLiterals;

/**
 * The names the console may be addressed by, as the Host header has it. A page the admin opens
 * can rebind its own name to 127.0.0.1 (DNS rebinding) and then reach the console from loopback
 * as a same-origin page, under its own name: the Host header still names it, so a request for any
 * name but localhost, a loopback literal, the names the operator lists and the served domains is
 * none of the console's.
 */
final class ConsoleHostNames {

    private final Set<String> configured;
    private final Predicate<String> served;

    /** @param served whether a normalized domain is served here */
    ConsoleHostNames(String[] configured, Predicate<String> served) {
        this.configured = Stream.of(configured).map(ConsoleHostNames::normalized).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        this.served = served;
    }

    /** @param host the Host header, or null */
    boolean allows(String host) {
        if (host == null) return false;
        String name = normalized(withoutPort(host.strip()));
        if (name.isEmpty()) return false;
        if (name.equals("localhost") || configured.contains(name)) return true;
        return IpLiterals.isLiteral(name) ? IpLiterals.isLoopback(name) : served.test(name);
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? "" : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
    }

    private static String normalized(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
