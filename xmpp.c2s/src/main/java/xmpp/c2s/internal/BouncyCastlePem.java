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
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What takes BouncyCastle: keys in OpenSSL's older forms, and a self-signed certificate made on
 * first start. A class of its own, so that a server whose key is PKCS#8 (as certbot and
 * openssl write it) never loads BouncyCastle's 157 classes at start (up to 0.5 MiB resident).
 */
final class BouncyCastlePem {

    private static final System.Logger log = System.getLogger(BouncyCastlePem.class.getName());

    private BouncyCastlePem() {
    }

    /** The first PEM object of {@code keyFile}: "RSA PRIVATE KEY", "EC PRIVATE KEY" or a PKCS#8 "PRIVATE KEY". */
    static PrivateKey readKey(Path keyFile) throws IOException {
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
            Object o = pem.readObject();
            return switch (o) {
                case PEMKeyPair pair -> keys.getPrivateKey(pair.getPrivateKeyInfo());
                case PrivateKeyInfo info -> keys.getPrivateKey(info);
                case null -> throw new IOException(keyFile + " holds no PEM private key");
                default -> throw new IOException(keyFile + " holds " + o.getClass().getSimpleName() + ", not an unencrypted private key");
            };
        }
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
                + "Put a real one there as {0}.crt and {0}.key to replace it.", domain, crtFile.getParent(), PemCertificates.fingerprint(cert));
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
}
