package xmpp.core.spi.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import rocks.xmpp.precis.PrecisProfiles;

/** The SCRAM functions of RFC 5802 section 2.2 and 3, for storing credentials and checking proofs. */
public final class Scram {

    private Scram() {
    }

    /**
     * A password as SCRAM hashes it: normalized with the PRECIS OpaqueString profile (RFC 8265,
     * the successor of SASLprep that RFC 5802 names), UTF-8 encoded.
     *
     * @throws IllegalArgumentException for a password PRECIS refuses (empty, control characters)
     */
    public static byte[] normalize(String password) {
        return PrecisProfiles.OPAQUE_STRING.enforce(password).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code Hi(str, salt, i)}: PBKDF2 with the mechanism's HMAC and one block. */
    public static byte[] hi(ScramMechanism m, byte[] password, byte[] salt, int iterations) {
        Mac mac = mac(m, password);
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1});
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) result[j] ^= u[j];
        }
        return result;
    }

    public static byte[] hmac(ScramMechanism m, byte[] key, byte[] data) {
        return mac(m, key).doFinal(data);
    }

    public static byte[] hash(ScramMechanism m, byte[] data) {
        try {
            return MessageDigest.getInstance(m.digestAlgorithm()).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(m.digestAlgorithm() + " is part of every Java runtime", e);
        }
    }

    /**
     * Checks a client's proof (RFC 5802 section 3): {@code ClientKey = ClientProof XOR
     * HMAC(StoredKey, AuthMessage)}, then {@code H(ClientKey)} must equal StoredKey.
     */
    public static boolean verifyClientProof(ScramCredentials credentials, String authMessage, byte[] clientProof) {
        byte[] signature = hmac(credentials.mechanism(), credentials.storedKey(), authMessage.getBytes(StandardCharsets.UTF_8));
        if (clientProof.length != signature.length) return false;
        byte[] clientKey = new byte[signature.length];
        for (int i = 0; i < clientKey.length; i++) clientKey[i] = (byte) (clientProof[i] ^ signature[i]);
        return MessageDigest.isEqual(hash(credentials.mechanism(), clientKey), credentials.storedKey());
    }

    /** {@code ServerSignature = HMAC(ServerKey, AuthMessage)}, which proves the server knew the credentials. */
    public static byte[] serverSignature(ScramCredentials credentials, String authMessage) {
        return hmac(credentials.mechanism(), credentials.serverKey(), authMessage.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac mac(ScramMechanism m, byte[] key) {
        try {
            Mac mac = Mac.getInstance(m.hmacAlgorithm());
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, m.hmacAlgorithm()));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(m.hmacAlgorithm() + " is part of every Java runtime", e);
        }
    }
}
