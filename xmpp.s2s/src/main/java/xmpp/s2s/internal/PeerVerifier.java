package xmpp.s2s.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whether a peer's certificate chain proves a domain (RFC 6125 as RFC 6120 section 13.7.2 uses
 * it): issued by an anchor of the system's trust store or of the configured extra anchors, valid
 * now, and naming the domain (a DNS name of its subject alternative names, a wildcard covering
 * one label; the common name only when there are none).
 */
final class PeerVerifier {

    /** The outcome, with the reason a certificate does not verify, for the log. */
    record Verdict(boolean verified, String reason) {
        static final Verdict VERIFIED = new Verdict(true, "");

        static Verdict failed(String reason) {
            return new Verdict(false, reason);
        }
    }

    private final List<X509TrustManager> trust;
    private final Clock clock;

    PeerVerifier(List<Path> extraAnchors, Clock clock) throws IOException, GeneralSecurityException {
        this.clock = clock;
        List<X509TrustManager> managers = new ArrayList<>();
        managers.add(trustManager(null));   // the JVM's trust store (the system's CAs)
        if (!extraAnchors.isEmpty()) managers.add(trustManager(anchors(extraAnchors)));
        trust = List.copyOf(managers);
    }

    private static KeyStore anchors(List<Path> files) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        int n = 0;
        for (Path file : files) {
            Collection<? extends java.security.cert.Certificate> read;
            try (InputStream in = Files.newInputStream(file)) {
                read = factory.generateCertificates(in);
            } catch (IOException | CertificateException e) {
                throw new IOException("cannot read the trust anchors in " + file + " (trust.anchors of etc/" + S2SConfig.PID + ".cfg): "
                        + e.getMessage(), e);
            }
            if (read.isEmpty()) throw new IOException(file + " holds no PEM certificate (trust.anchors of etc/" + S2SConfig.PID + ".cfg)");
            for (java.security.cert.Certificate c : read) store.setCertificateEntry("anchor-" + n++, c);
        }
        return store;
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager m : factory.getTrustManagers()) if (m instanceof X509TrustManager x) return x;
        throw new GeneralSecurityException("no X.509 trust manager in " + factory.getAlgorithm());
    }

    Verdict verify(List<X509Certificate> chain, String domain) {
        if (chain.isEmpty()) return Verdict.failed("it sent no certificate");
        X509Certificate leaf = chain.getFirst();
        try {
            leaf.checkValidity(java.util.Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            return Verdict.failed("its certificate expired on " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            return Verdict.failed("its certificate is valid only from " + leaf.getNotBefore().toInstant());
        }
        List<String> names = names(leaf);
        if (names.stream().noneMatch(n -> matches(n, domain)))
            return Verdict.failed("its certificate is for " + names + ", not for " + domain);
        X509Certificate[] array = chain.toArray(X509Certificate[]::new);
        String authType = leaf.getPublicKey().getAlgorithm().equals("RSA") ? "ECDHE_RSA" : "ECDHE_ECDSA";
        String refusal = "";
        for (X509TrustManager m : trust) {
            try {
                m.checkServerTrusted(array, authType);
                return Verdict.VERIFIED;
            } catch (CertificateException e) {
                refusal = e.getMessage();
            }
        }
        boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
        return Verdict.failed((selfSigned ? "its certificate is self-signed" : "its certificate's issuer is not trusted") + " (" + refusal + ")");
    }

    /** The DNS names a certificate is for: its subject alternative names, else its common name. */
    static List<String> names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
            if (alternatives != null)
                for (List<?> san : alternatives)
                    if (Integer.valueOf(2).equals(san.get(0))) names.add(san.get(1).toString().toLowerCase(Locale.ROOT));   // dNSName
        } catch (java.security.cert.CertificateParsingException e) {
            return names;   // unreadable names name nothing
        }
        if (!names.isEmpty()) return names;
        for (String part : cert.getSubjectX500Principal().getName().split(","))
            if (part.strip().toUpperCase(Locale.ROOT).startsWith("CN=")) names.add(part.strip().substring(3).toLowerCase(Locale.ROOT));
        return names;
    }

    static boolean matches(String name, String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (name.equals(d)) return true;
        if (!name.startsWith("*.")) return false;
        int dot = d.indexOf('.');
        return dot > 0 && d.substring(dot + 1).equals(name.substring(2));   // one label only
    }
}
