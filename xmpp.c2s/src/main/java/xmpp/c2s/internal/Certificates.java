package xmpp.c2s.internal;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import xmpp.core.route.Hosts;

/**
 * TLS for every served domain from one {@link SSLContext}: the certificate is chosen by the
 * name the client asks for (SNI), else by the domain of the stream being upgraded (STARTTLS).
 * Domains are loaded (or made self-signed) on first use, so a domain added at run time needs
 * no restart.
 */
@Component(service = Certificates.class, configurationPid = TlsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TlsConfig.class)
public final class Certificates {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final Path dir;
    private final Hosts hosts;
    private final Map<String, PemCertificates> byDomain = new ConcurrentHashMap<>();
    private final Map<Socket, String> streamDomain = new ConcurrentHashMap<>();
    private final SSLContext context;

    @Activate
    public Certificates(TlsConfig config, BundleContext bundle, @Reference Hosts hosts) throws GeneralSecurityException {
        this(certDir(config.cert_dir(), bundle.getProperty("xmpp.data")), hosts);
    }

    /** Outside OSGi (tests, tools, benchmarks). */
    public Certificates(Path dir, Hosts hosts) throws GeneralSecurityException {
        this.dir = dir;
        this.hosts = hosts;
        context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new DomainKeyManager()}, null, null);
    }

    static Path certDir(String configured, String dataFolder) {
        if (!configured.isBlank()) return Path.of(configured).toAbsolutePath();
        return Path.of(dataFolder == null || dataFolder.isBlank() ? "data" : dataFolder, "certs").toAbsolutePath();
    }

    /** Loads (or makes) the domain's certificate now, so problems surface at start, not at the first client. */
    PemCertificates prepare(String domain) throws IOException, GeneralSecurityException {
        PemCertificates known = byDomain.get(domain);
        if (known != null) return known;
        synchronized (this) {
            known = byDomain.get(domain);
            if (known == null) {
                known = PemCertificates.forDomain(dir, domain);
                byDomain.put(domain, known);
            }
            return known;
        }
    }

    /**
     * Upgrades {@code plain} to TLS as the server (after STARTTLS, or at once for direct TLS);
     * blocks until the handshake is done. {@code domain} picks the certificate when the client
     * names none (SNI).
     */
    SSLSocket upgrade(Socket plain, String domain) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        tls.setUseClientMode(false);
        tls.setEnabledProtocols(PROTOCOLS);
        // XEP-0368: answer ALPN "xmpp-client" when offered; no ALPN otherwise.
        tls.setHandshakeApplicationProtocolSelector((socket, offered) -> offered.contains("xmpp-client") ? "xmpp-client" : null);
        streamDomain.put(tls, domain);
        try {
            tls.startHandshake();
        } finally {
            streamDomain.remove(tls);
        }
        return tls;
    }

    Path dir() {
        return dir;
    }

    /** Picks the key and chain of the domain the client asked for. */
    private final class DomainKeyManager extends X509ExtendedKeyManager {

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            String domain = null;
            if (socket instanceof SSLSocket ssl) {
                // Only a served domain: a name a client makes up must not make files appear.
                domain = sniName(ssl.getHandshakeSession());
                if (domain == null || !hosts.isServed(domain)) domain = streamDomain.get(ssl);
            }
            if (domain == null) return null;
            try {
                PemCertificates c = prepare(domain);
                String algorithm = c.key().getAlgorithm();
                boolean fits = algorithm.equals(keyType) || keyType.equals("RSASSA-PSS") && algorithm.equals("RSA")
                        || keyType.startsWith("EC") && algorithm.equals("EC");
                return fits ? domain : null;
            } catch (IOException | GeneralSecurityException e) {
                System.getLogger(Certificates.class.getName()).log(System.Logger.Level.ERROR,
                        "no certificate for {0} in {1}: {2}; the TLS handshake fails", domain, dir, e.getMessage());
                return null;
            }
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return null;   // listeners use sockets
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            PemCertificates c = byDomain.get(alias);
            return c == null ? null : c.chain().clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            PemCertificates c = byDomain.get(alias);
            return c == null ? null : c.key();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return byDomain.keySet().toArray(String[]::new);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    private static String sniName(SSLSession handshake) {
        if (!(handshake instanceof ExtendedSSLSession extended)) return null;
        List<SNIServerName> names = extended.getRequestedServerNames();
        for (SNIServerName n : names) if (n instanceof SNIHostName host) return host.getAsciiName().toLowerCase(java.util.Locale.ROOT);
        return null;
    }
}
