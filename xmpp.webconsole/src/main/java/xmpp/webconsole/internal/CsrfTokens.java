package xmpp.webconsole.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token every form of the XMPP page carries. A browser sends an admin's Basic credentials
 * with any request to the console, also one another site makes it send; that site cannot read
 * the page, so it cannot know the token: an HMAC of the admin's JID under a key made at start
 * (a restart makes open pages' tokens stale, which costs a reload).
 */
final class CsrfTokens {

    static final String PARAMETER = "csrf";

    private final byte[] key = new byte[32];

    CsrfTokens() {
        new SecureRandom().nextBytes(key);
    }

    String tokenFor(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(user.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from this JDK", e);
        }
    }

    boolean valid(String user, String token) {
        return token != null && MessageDigest.isEqual(tokenFor(user).getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }
}
