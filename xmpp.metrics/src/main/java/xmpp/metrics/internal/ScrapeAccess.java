package xmpp.metrics.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read the metrics: a client on loopback, or anyone with the configured bearer token.
 * The address is the client's as the HTTP service's gate gives it (behind a trusted proxy, the
 * forwarded one), so a proxy on this machine does not make every client local.
 */
final class ScrapeAccess {

    enum Verdict { ALLOWED, NO_TOKEN_CONFIGURED, WRONG_TOKEN }

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    ScrapeAccess(String token) {
        this.token = token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param clientAddress an IP address literal, as a servlet request's remote address is
     * @param authorization the Authorization header, or null
     */
    Verdict check(String clientAddress, String authorization) {
        if (isLoopback(clientAddress)) return Verdict.ALLOWED;
        if (token.length == 0) return Verdict.NO_TOKEN_CONFIGURED;
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) return Verdict.WRONG_TOKEN;
        byte[] offered = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant time: a byte-by-byte comparison would tell a guesser how much of the token it has right.
        return MessageDigest.isEqual(token, offered) ? Verdict.ALLOWED : Verdict.WRONG_TOKEN;
    }

    private static boolean isLoopback(String address) {
        // Literals only, as the container gives them: a name here would make a request wait for DNS.
        if (address == null || !(address.contains(":") || address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) return false;
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
