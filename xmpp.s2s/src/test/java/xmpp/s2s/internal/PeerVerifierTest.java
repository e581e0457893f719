package xmpp.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerVerifierTest {

    @TempDir
    Path dir;

    private final Instant now = Instant.now();

    @Test
    void aCertificateFromAnExtraAnchorProvesItsDomainAndItsSubdomainsByWildcard() throws Exception {
        X509Certificate cert = TestCertificates.write(dir, "a.test", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), "a.test", "*.a.test");
        PeerVerifier verifier = new PeerVerifier(List.of(dir.resolve("a.test.crt")), Clock.systemUTC());
        assertEquals(PeerVerifier.Verdict.VERIFIED, verifier.verify(List.of(cert), "a.test"));
        assertEquals(PeerVerifier.Verdict.VERIFIED, verifier.verify(List.of(cert), "conference.a.test"));
        assertFalse(verifier.verify(List.of(cert), "x.conference.a.test").verified(), "a wildcard covers one label");
    }

    @Test
    void aNameMismatchSaysWhichNamesTheCertificateHas() throws Exception {
        X509Certificate cert = TestCertificates.write(dir, "a.test", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), "a.test");
        PeerVerifier.Verdict verdict = new PeerVerifier(List.of(dir.resolve("a.test.crt")), Clock.systemUTC()).verify(List.of(cert), "b.test");
        assertFalse(verdict.verified());
        assertEquals("its certificate is for [a.test], not for b.test", verdict.reason());
    }

    @Test
    void anExpiredCertificateSaysWhenItExpired() throws Exception {
        Instant expiry = now.minus(Duration.ofDays(2));
        X509Certificate cert = TestCertificates.write(dir, "a.test", now.minus(Duration.ofDays(30)), expiry, "a.test");
        PeerVerifier.Verdict verdict = new PeerVerifier(List.of(dir.resolve("a.test.crt")), Clock.systemUTC()).verify(List.of(cert), "a.test");
        assertFalse(verdict.verified());
        assertEquals("its certificate expired on " + cert.getNotAfter().toInstant(), verdict.reason());
    }

    @Test
    void aSelfSignedCertificateNobodyTrustsIsSaidToBeSelfSigned() throws Exception {
        X509Certificate cert = TestCertificates.write(dir, "a.test", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), "a.test");
        PeerVerifier.Verdict verdict = new PeerVerifier(List.of(), Clock.systemUTC()).verify(List.of(cert), "a.test");
        assertFalse(verdict.verified());
        assertTrue(verdict.reason().startsWith("its certificate is self-signed"), verdict.reason());
    }

    @Test
    void noCertificateProvesNothing() throws Exception {
        assertEquals("it sent no certificate", new PeerVerifier(List.of(), Clock.systemUTC()).verify(List.of(), "a.test").reason());
    }

    @Test
    void anAnchorFileWithoutACertificateIsRefusedNamingTheFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("anchors.pem"), "nothing here\n");
        IOException e = assertThrows(IOException.class, () -> new PeerVerifier(List.of(empty), Clock.systemUTC()));
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
    }
}
