package xmpp.c2s.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A domain's certificate chain and key, read from PEM files as operators have them. The JDK reads
 * certificates and PKCS#8 keys of the usual algorithms; BouncyCastle only what else a key file
 * holds (see {@link BouncyCastlePem}), and only then is it loaded.
 */
record PemCertificates(String domain, PrivateKey key, X509Certificate[] chain) {

    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final List<String> CERTIFICATE_TYPES = List.of("CERTIFICATE", "X509 CERTIFICATE");
    private static final List<String> PKCS8_ALGORITHMS = List.of("EC", "RSA", "EdDSA", "RSASSA-PSS");

    static PemCertificates read(String domain, Path crtFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = readChain(crtFile);
        PrivateKey privateKey = readKey(keyFile);
        requireMatch(privateKey, chain.getFirst(), keyFile, crtFile);
        return new PemCertificates(domain, privateKey, chain.toArray(X509Certificate[]::new));
    }

    /** Every certificate of the file, in order; other PEM blocks (a key kept in the same file) and text between are skipped. */
    private static List<X509Certificate> readChain(Path crtFile) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new ArrayList<>();
        Matcher block = PEM_BLOCK.matcher(Files.readString(crtFile, StandardCharsets.ISO_8859_1));
        while (block.find())
            if (CERTIFICATE_TYPES.contains(block.group(1)))
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(block.group(2)))));
        if (chain.isEmpty()) throw new IOException(crtFile + " holds no PEM certificate");
        return chain;
    }

    /** The first PEM object of the file: an unencrypted PKCS#8 key of the JDK's algorithms here, anything else through BouncyCastle. */
    private static PrivateKey readKey(Path keyFile) throws IOException, GeneralSecurityException {
        Matcher block = PEM_BLOCK.matcher(Files.readString(keyFile, StandardCharsets.ISO_8859_1));
        if (block.find() && block.group(1).equals("PRIVATE KEY")) {
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(block.group(2)));
            for (String algorithm : PKCS8_ALGORITHMS) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                } catch (InvalidKeySpecException anotherAlgorithmsKey) {
                    // try the next
                }
            }
        }
        return BouncyCastlePem.readKey(keyFile);   // "RSA PRIVATE KEY", "EC PRIVATE KEY", rarer algorithms, and what it refuses
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

    static String fingerprint(X509Certificate cert) throws GeneralSecurityException {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }
}
