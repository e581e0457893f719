package xmpp.webconsole.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a request that changes something may come from the page that sent it. A browser sends
 * an admin's Basic credentials with any request to the console, also one that another site's
 * page makes; the console's own forms (stop a bundle, save a configuration) carry no token of
 * their own, but browsers name the sending page's origin in Origin (or Referer). A change whose
 * origin is another host is refused; a client that names none (curl, scripts) is no browser
 * carrying someone's credentials.
 */
final class SameOrigin {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private SameOrigin() {
    }

    /**
     * @param host the Host header, as the browser addressed the console
     * @param origin the Origin header, or null
     * @param referer the Referer header, or null
     */
    static boolean allows(String method, String host, String origin, String referer) {
        if (SAFE.contains(method.toUpperCase(Locale.ROOT))) return true;
        String sender = origin != null && !origin.equals("null") ? origin : referer;
        if (origin != null && origin.equals("null")) return false;   // an opaque origin: a sandboxed frame, a file
        if (sender == null) return true;
        try {
            String authority = URI.create(sender.strip()).getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
