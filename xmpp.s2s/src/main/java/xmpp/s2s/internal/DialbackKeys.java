package xmpp.s2s.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dialback keys as XEP-0185 makes them: HMAC-SHA256 keyed with the hex SHA-256 of the secret,
 * over "receiving originating stream-id", in hex. Only this server can make them, and it can check
 * one later without remembering it, which is what the peer's db:verify asks.
 */
final class DialbackKeys {

    private final byte[] hashedSecret;

    DialbackKeys(String secret) {
        try {
            hashedSecret = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    String key(String receiving, String originating, String streamId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashedSecret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((receiving + " " + originating + " " + streamId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Compares in constant time: a key must not be guessable byte by byte from how fast it is refused. */
    boolean isValid(String key, String receiving, String originating, String streamId) {
        return MessageDigest.isEqual(key(receiving, originating, streamId).getBytes(StandardCharsets.US_ASCII),
                key.getBytes(StandardCharsets.US_ASCII));
    }
}
