package xmpp.c2s.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A domain's certificate chain and key: read from PEM files as operators have them, or made self-signed. */
record PemCertificates(String domain, PrivateKey key, X509Certificate[] chain) {

    private static final System.Logger log = System.getLogger(PemCertificates.class.getName());

    static PemCertificates read(String domain, Path crtFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader r = Files.newBufferedReader(crtFile, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject())
                if (o instanceof X509CertificateHolder holder) chain.add(converter.getCertificate(holder));
        }
        if (chain.isEmpty()) throw new IOException(crtFile + " holds no PEM certificate");
        PrivateKey privateKey;
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
            Object o = pem.readObject();
            privateKey = switch (o) {
                case PEMKeyPair pair -> keys.getPrivateKey(pair.getPrivateKeyInfo());   // "RSA PRIVATE KEY", "EC PRIVATE KEY"
                case PrivateKeyInfo info -> keys.getPrivateKey(info);                   // "PRIVATE KEY" (PKCS#8)
                case null -> throw new IOException(keyFile + " holds no PEM private key");
                default -> throw new IOException(keyFile + " holds " + o.getClass().getSimpleName() + ", not an unencrypted private key");
            };
        }
        requireMatch(privateKey, chain.getFirst(), keyFile, crtFile);
        return new PemCertificates(domain, privateKey, chain.toArray(X509Certificate[]::new));
    }

    /**
     * A renewal writes two files, and a handshake with a key that is not the certificate's fails
     * for every client: a signature made with the key must verify with the certificate.
     */
    private static void requireMatch(PrivateKey key, X509Certificate cert, Path keyFile, Path crtFile) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;   // RSASSA-PSS and the like need parameters: the handshake tells
        };
        if (algorithm == null) return;
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(cert.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) throw new GeneralSecurityException(keyFile + " is not the key of the certificate in " + crtFile);
    }

    /** A self-signed EC P-256 certificate for the domain and its subdomains, valid ten years. */
    static void generate(String domain, Path crtFile, Path keyFile) throws IOException, GeneralSecurityException {
        generate(domain, crtFile, keyFile, Duration.ofDays(3650));
    }

    static void generate(String domain, Path crtFile, Path keyFile, Duration validity) throws IOException, GeneralSecurityException {
        Files.createDirectories(crtFile.getParent());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=" + domain);
        Instant now = Instant.now();
        X509Certificate cert;
        try {
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)), name, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, domain), new GeneralName(GeneralName.dNSName, "*." + domain)}));
            cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a certificate for " + domain, e);
        }
        writePem(keyFile, new JcaPKCS8Generator(pair.getPrivate(), null), true);   // "PRIVATE KEY", as certbot writes it
        writePem(crtFile, cert, false);
        log.log(System.Logger.Level.WARNING, "made a self-signed certificate for {0} in {1}, SHA-256 fingerprint {2}; clients will ask to trust it. "
                + "Put a real one there as {0}.crt and {0}.key to replace it.", domain, crtFile.getParent(), fingerprint(cert));
    }

    private static void writePem(Path file, Object object, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(object);
        }
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: nothing finer to set
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static String fingerprint(X509Certificate cert) throws GeneralSecurityException {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }
}
