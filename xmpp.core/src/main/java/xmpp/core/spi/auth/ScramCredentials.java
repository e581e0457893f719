package xmpp.core.spi.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a server stores instead of a password (RFC 5802 section 3, RFC 7677): salt, iteration
 * count, StoredKey and ServerKey. Enough to check a SCRAM proof or a PLAIN password, useless
 * to log in elsewhere with.
 */
public record ScramCredentials(ScramMechanism mechanism, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    /** RFC 7677 section 4: at least 4096; ejabberd's default too. */
    public static final int DEFAULT_ITERATIONS = 4096;

    public ScramCredentials {
        Objects.requireNonNull(mechanism, "mechanism");
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
        if (iterations < 1) throw new IllegalArgumentException("iterations must be positive: " + iterations);
    }

    /** Credentials for {@code password} with a fresh random 16-byte salt. */
    public static ScramCredentials create(ScramMechanism mechanism, String password, int iterations, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return derive(mechanism, password, salt, iterations);
    }

    /** Credentials for {@code password} with the given salt and iteration count. */
    public static ScramCredentials derive(ScramMechanism mechanism, String password, byte[] salt, int iterations) {
        byte[] salted = Scram.hi(mechanism, Scram.normalize(password), salt, iterations);
        byte[] clientKey = Scram.hmac(mechanism, salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = Scram.hmac(mechanism, salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramCredentials(mechanism, salt, iterations, Scram.hash(mechanism, clientKey), serverKey);
    }

    /** Whether {@code password} (as PLAIN sends it) is the one these credentials were made from. Constant time. */
    public boolean matches(String password) {
        byte[] candidate;
        try {
            candidate = derive(mechanism, password, salt, iterations).storedKey;
        } catch (IllegalArgumentException e) {
            return false;   // PRECIS refuses it, so it was never anyone's password
        }
        return MessageDigest.isEqual(candidate, storedKey);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredentials c && mechanism == c.mechanism && iterations == c.iterations
                && Arrays.equals(salt, c.salt) && Arrays.equals(storedKey, c.storedKey) && Arrays.equals(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mechanism, iterations, Arrays.hashCode(salt), Arrays.hashCode(storedKey));
    }

    /** Never shows the keys: credentials end up in log lines. */
    @Override
    public String toString() {
        return mechanism.saslName() + " credentials (" + iterations + " iterations)";
    }
}
