package xmpp.s2s.internal;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import xmpp.core.spi.tls.DomainCertificates;

/**
 * TLS for server streams. The handshake takes whatever certificate the peer shows; whether it
 * proves the peer's domain is {@link PeerVerifier}'s question afterwards, since the answer picks
 * the authentication (SASL EXTERNAL or dialback) rather than ending the connection.
 */
final class Tls {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final String ALPN = "xmpp-server";

    private final DomainCertificates certificates;

    Tls(DomainCertificates certificates) {
        this.certificates = certificates;
    }

    /** As the initiating server: presents {@code local}'s certificate, asks for {@code remote}'s by SNI. */
    SSLSocket client(Socket plain, String local, String remote, boolean directTls) throws IOException {
        SSLSocket tls = (SSLSocket) context(local).getSocketFactory().createSocket(plain, remote, plain.getPort(), true);
        tls.setUseClientMode(true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setServerNames(List.of(new SNIHostName(remote)));
        if (directTls) parameters.setApplicationProtocols(new String[] {ALPN});   // XEP-0368
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    /** As the receiving server: presents {@code local}'s certificate (or the one named by SNI), asks for the peer's. */
    SSLSocket server(Socket plain, String local) throws IOException {
        SSLSocket tls = (SSLSocket) context(local).getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        tls.setUseClientMode(false);
        tls.setEnabledProtocols(PROTOCOLS);
        tls.setWantClientAuth(true);   // for SASL EXTERNAL; a peer without one authenticates by dialback
        tls.setHandshakeApplicationProtocolSelector((socket, offered) -> offered.contains(ALPN) ? ALPN : null);
        tls.startHandshake();
        return tls;
    }

    static List<X509Certificate> peerChain(SSLSocket tls) {
        try {
            Certificate[] chain = tls.getSession().getPeerCertificates();
            return Arrays.stream(chain).filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    private SSLContext context(String local) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] {certificates.keyManager(local)}, new javax.net.ssl.TrustManager[] {new TakeAny()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for " + local + ": " + e.getMessage(), e);
        }
    }

    /** Lets every chain through the handshake; {@link PeerVerifier} judges it once the handshake is done. */
    private static final class TakeAny extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
