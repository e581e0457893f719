package xmpp.core.spi.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The worked examples of RFC 5802 section 5 (SCRAM-SHA-1) and RFC 7677 section 3 (SCRAM-SHA-256). */
class ScramTest {

    static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        SHA_1   | QSXCR+Q6sek8bf92         | fyko+d2lbbFgONRv9qkxdawL | fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j | v0X8v3Bz2T0CJGbJQyF0X+HI4Ts= | rmF9pqV8S7suAoZWja4dJRkFsKQ=
        SHA_256 | W22ZaJ0SNY7soEsUEjb6gQ== | rOprNGfwEbeRWgbNEkqO     | rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0 | dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ= | 6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=
        """)
    void rfcTestVectors(ScramMechanism mechanism, String salt, String clientNonce, String nonce, String proof, String serverSignature) {
        ScramCredentials stored = ScramCredentials.derive(mechanism, "pencil", b64(salt), 4096);
        String authMessage = "n=user,r=" + clientNonce + ",r=" + nonce + ",s=" + salt + ",i=4096,c=biws,r=" + nonce;
        assertTrue(Scram.verifyClientProof(stored, authMessage, b64(proof)), "the client's proof checks out against stored keys alone");
        assertArrayEquals(b64(serverSignature), Scram.serverSignature(stored, authMessage));
        byte[] wrong = b64(proof);
        wrong[0] ^= 1;
        assertFalse(Scram.verifyClientProof(stored, authMessage, wrong));
        assertFalse(Scram.verifyClientProof(stored, authMessage + "x", b64(proof)), "the proof binds the whole exchange");
    }

    @Test
    void plainPasswordsAreCheckedAgainstTheSameCredentials() {
        ScramCredentials c = ScramCredentials.create(ScramMechanism.SHA_256, "pencil", 4096, new SecureRandom());
        assertTrue(c.matches("pencil"));
        assertFalse(c.matches("Pencil"));
        assertFalse(c.matches(""), "PRECIS refuses an empty password: no match, no exception");
        assertEquals(16, c.salt().length);
        assertNotEquals(c, ScramCredentials.create(ScramMechanism.SHA_256, "pencil", 4096, new SecureRandom()), "fresh salt each time");
    }

    @Test
    void passwordsAreNormalizedAsSaslPrepsSuccessorDoes() {
        ScramCredentials c = ScramCredentials.derive(ScramMechanism.SHA_1, "pencil", new byte[] {1, 2, 3}, 1);
        ScramCredentials spaced = ScramCredentials.derive(ScramMechanism.SHA_1, "pass\u00A0word", new byte[] {1}, 1);
        assertTrue(spaced.matches("pass word"), "a non-ASCII space is an ASCII space (RFC 8265 OpaqueString)");
        ScramCredentials composed = ScramCredentials.derive(ScramMechanism.SHA_1, "caf\u00E9", new byte[] {1}, 1);
        assertTrue(composed.matches("cafe\u0301"), "NFC: a decomposed é is the same password");
        assertEquals("SCRAM-SHA-1 credentials (1 iterations)", c.toString(), "keys never appear in log lines");
        assertFalse(ScramCredentials.create(ScramMechanism.SHA_1, "x", 4096, new SecureRandom()).matches("soft\u00ADhyphen"),
                "a password PRECIS refuses matches nothing");
    }
}
