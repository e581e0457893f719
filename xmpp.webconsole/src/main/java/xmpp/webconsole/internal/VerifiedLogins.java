package xmpp.webconsole.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import xmpp.core.jid.Jid;

/**
 * Admin logins whose password was checked a moment ago. The browser sends the Basic credentials
 * with every request (each resource, the counters polled every two seconds), and a password hash
 * is slow on purpose: a header that got in is let in again for a short while without hashing.
 * Kept by an HMAC of the header under a key of this process only, so that the map holds no
 * password nor anything to test guesses against. A changed password is not told to the console:
 * the old one works until its entry ends; a deleted account ends its entries at once.
 */
final class VerifiedLogins {

    static final int MAX_REMEMBERED = 1_000;

    private final Duration lifetime;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Verified> byDigest = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    private record Verified(Jid admin, Instant until) { }

    VerifiedLogins(Duration lifetime, Clock clock) {
        this.lifetime = lifetime;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The admin this Authorization header was verified as, if that was recent enough. */
    synchronized Optional<Jid> admin(String authorization) {
        String digest = digest(authorization);
        Verified v = byDigest.get(digest);
        if (v == null) return Optional.empty();
        if (!clock.instant().isBefore(v.until())) {
            byDigest.remove(digest);
            return Optional.empty();
        }
        return Optional.of(v.admin());
    }

    synchronized void remember(String authorization, Jid admin) {
        if (lifetime.isPositive()) byDigest.put(digest(authorization), new Verified(admin, clock.instant().plus(lifetime)));
    }

    /** The account is gone: its credentials must be checked (and fail) again. */
    synchronized void deleted(Jid account) {
        byDigest.values().removeIf(v -> v.admin().equals(account.bare()));
    }

    private String digest(String authorization) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256, which every JDK has, is missing", e);
        }
    }
}
