package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a domain's PEM files: the JDK for certificates and PKCS#8 keys, BouncyCastle for the rest. */
class PemCertificatesTest {

    @TempDir Path dir;
    Path crt;
    Path key;

    @BeforeEach
    void selfSigned() throws Exception {
        crt = dir.resolve("localhost.crt");
        key = dir.resolve("localhost.key");
        BouncyCastlePem.generate("localhost", crt, key);   // a PKCS#8 "PRIVATE KEY", as certbot writes it
    }

    @Test
    void aPkcs8KeyAndItsCertificateAreReadWithoutBouncyCastle() throws Exception {
        // This bundle's classes alone, over the JDK's: a class of BouncyCastle needed on this path fails to load.
        URL classes = PemCertificates.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader withoutBouncyCastle = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> isolated = withoutBouncyCastle.loadClass(PemCertificates.class.getName());
            Method read = isolated.getDeclaredMethod("read", String.class, Path.class, Path.class);
            read.setAccessible(true);
            Object pair = read.invoke(null, "localhost", crt, key);
            Method chain = isolated.getDeclaredMethod("chain");
            chain.setAccessible(true);
            assertEquals(1, ((X509Certificate[]) chain.invoke(pair)).length);
        }
    }

    @Test
    void aKeyInOpenSslsOlderFormIsReadThroughBouncyCastle() throws Exception {
        PemCertificates read = PemCertificates.read("localhost", crt, key);
        PrivateKey pkcs8 = read.key();
        // "EC PRIVATE KEY" (SEC 1) with its curve and public key, as openssl ecparam -genkey writes it
        ECPrivateKey sec1 = new ECPrivateKey(256, ((java.security.interfaces.ECPrivateKey) pkcs8).getS(),
                SubjectPublicKeyInfo.getInstance(read.chain()[0].getPublicKey().getEncoded()).getPublicKeyData(),
                new X962Parameters(SECObjectIdentifiers.secp256r1));
        try (Writer w = Files.newBufferedWriter(key, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        assertTrue(Files.readString(key).startsWith("-----BEGIN EC PRIVATE KEY-----"), Files.readString(key));
        PrivateKey readBack = PemCertificates.read("localhost", crt, key).key();
        assertEquals(((java.security.interfaces.ECPrivateKey) pkcs8).getS(), ((java.security.interfaces.ECPrivateKey) readBack).getS());
    }

    @Test
    void aCertificateFileWithTextAndItsKeyAroundTheCertificateYieldsTheCertificateAlone() throws Exception {
        X509Certificate alone = PemCertificates.read("localhost", crt, key).chain()[0];
        Files.writeString(crt, "subject=CN = localhost\n" + Files.readString(key) + Files.readString(crt) + "trailing notes\n");
        X509Certificate[] chain = PemCertificates.read("localhost", crt, key).chain();
        assertEquals(1, chain.length);
        assertEquals(alone, chain[0]);
    }
}
