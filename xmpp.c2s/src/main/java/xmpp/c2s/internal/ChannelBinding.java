package xmpp.c2s.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLSession;

/**
 * Channel-binding data of a TLS session, for the SCRAM {@code -PLUS} mechanisms: which types
 * this session can bind to, and their bytes.
 */
final class ChannelBinding {

    static final String TLS_EXPORTER = "tls-exporter";
    static final String TLS_SERVER_END_POINT = "tls-server-end-point";

    private ChannelBinding() {
    }

    /** The types this session supports, best first, with their data. Empty without TLS. */
    static Map<String, byte[]> of(SSLSession session) {
        Map<String, byte[]> types = new LinkedHashMap<>();
        if (session == null) return types;
        // RFC 9266: tls-exporter is defined for TLS 1.3 (TLS 1.2 would need extended master secret, which JSSE does not expose).
        if ("TLSv1.3".equals(session.getProtocol()) && session instanceof ExtendedSSLSession extended) {
            try {
                types.put(TLS_EXPORTER, extended.exportKeyingMaterialData("EXPORTER-Channel-Binding", new byte[0], 32));
            } catch (javax.net.ssl.SSLKeyException | UnsupportedOperationException e) {
                // this provider cannot export: tls-server-end-point remains
            }
        }
        byte[] endPoint = serverEndPoint(session.getLocalCertificates());
        if (endPoint != null) types.put(TLS_SERVER_END_POINT, endPoint);
        return types;
    }

    /** RFC 5929 section 4.1: the server certificate hashed with its signature's hash, SHA-256 for MD5 and SHA-1. */
    private static byte[] serverEndPoint(Certificate[] local) {
        if (local == null || local.length == 0 || !(local[0] instanceof X509Certificate cert)) return null;
        String algorithm = cert.getSigAlgName().toUpperCase(java.util.Locale.ROOT);
        String digest = algorithm.startsWith("SHA384") ? "SHA-384" : algorithm.startsWith("SHA512") ? "SHA-512" : "SHA-256";
        try {
            return MessageDigest.getInstance(digest).digest(cert.getEncoded());
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
