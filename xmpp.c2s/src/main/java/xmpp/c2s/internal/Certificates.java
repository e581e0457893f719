package xmpp.c2s.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import xmpp.core.route.Hosts;
import xmpp.core.spi.tls.DomainCertificates;

/**
 * TLS for every served domain from one {@link SSLContext}: the certificate is chosen by the
 * name the client asks for (SNI), else by the domain of the stream being upgraded (STARTTLS).
 * Domains are loaded (or made self-signed) on first use, so a domain added at run time needs
 * no restart, and read again when their files change (a renewal), for new connections. The
 * server-to-server listener gets the same pairs through {@link DomainCertificates}.
 */
@Component(service = {Certificates.class, DomainCertificates.class}, configurationPid = TlsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TlsConfig.class)
public final class Certificates implements DomainCertificates {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private static final System.Logger log = System.getLogger(Certificates.class.getName());

    private final Path dir;
    private final Hosts hosts;
    private final Clock clock;
    private final Map<String, Loaded> byDomain = new ConcurrentHashMap<>();
    // What the TLS handshake asks for by alias: each domain's pair in use and the one before it,
    // which a handshake that chose it just before a reload may still ask for.
    private final Map<String, PemCertificates> byAlias = new ConcurrentHashMap<>();
    private final AtomicLong loads = new AtomicLong();
    private final Map<SSLEngine, String> streamDomain = new ConcurrentHashMap<>();
    private final RecordBuffers recordBuffers = new RecordBuffers();
    private final SSLContext context;
    private final ScheduledExecutorService expiryChecks;

    /**
     * A domain's pair in use, the files it was read from, and the files last refused (a pair
     * that does not match, e.g. while a renewal has written one file of two), so they are
     * read again only once they change.
     */
    private record Loaded(PemCertificates certificates, CertificateFiles files, String alias, String previousAlias, CertificateFiles refused) {
        boolean isCurrent(CertificateFiles now) {
            return now.sameAs(files) || now.sameAs(refused) || !now.exist();
        }
    }

    @Activate
    public Certificates(TlsConfig config, BundleContext bundle, @Reference Hosts hosts) throws GeneralSecurityException {
        this(certDir(config.cert_dir(), bundle.getProperty("xmpp.data")), hosts, Clock.systemUTC());
        expiryChecks.scheduleAtFixedRate(this::checkExpiry, 1, 1, TimeUnit.DAYS);
    }

    /** Outside OSGi (tests, tools, benchmarks); no daily check of expiry dates. */
    public Certificates(Path dir, Hosts hosts) throws GeneralSecurityException {
        this(dir, hosts, Clock.systemUTC());
    }

    Certificates(Path dir, Hosts hosts, Clock clock) throws GeneralSecurityException {
        this.dir = dir;
        this.hosts = hosts;
        this.clock = clock;
        context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new DomainKeyManager(streamDomain::get)}, null, null);
        expiryChecks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("certificate-expiry").factory());
    }

    @Deactivate
    void deactivate() {
        expiryChecks.shutdownNow();
    }

    static Path certDir(String configured, String dataFolder) {
        if (!configured.isBlank()) return Path.of(configured).toAbsolutePath();
        return Path.of(dataFolder == null || dataFolder.isBlank() ? "data" : dataFolder, "certs").toAbsolutePath();
    }

    /**
     * The domain's certificate and key: loaded (or made) on first use, so problems surface at
     * start, not at the first client, and read again when their files have changed, so a
     * renewal reaches new connections without a restart.
     */
    PemCertificates prepare(String domain) throws IOException, GeneralSecurityException {
        return loaded(domain).certificates();
    }

    private Loaded loaded(String domain) throws IOException, GeneralSecurityException {
        Loaded known = byDomain.get(domain);
        if (known != null && known.isCurrent(CertificateFiles.of(dir, domain))) return known;
        synchronized (this) {
            known = byDomain.get(domain);
            CertificateFiles files = CertificateFiles.of(dir, domain);
            if (known == null) return load(domain);
            if (known.isCurrent(files)) return known;
            return reload(known, files);
        }
    }

    private Loaded load(String domain) throws IOException, GeneralSecurityException {
        CertificateFiles files = CertificateFiles.of(dir, domain);   // before reading: a change while we read is seen next time
        if (files.absent()) {
            BouncyCastlePem.generate(domain, files.crt(), files.key());
            files = CertificateFiles.of(dir, domain);
        }
        PemCertificates read = PemCertificates.read(domain, files.crt(), files.key());
        Loaded loaded = install(null, read, files);
        log.log(System.Logger.Level.INFO, "certificate for {0} from {1}: {2}", domain, files.crt(), describe(read));
        warnIfExpiring(read);
        return loaded;
    }

    private Loaded reload(Loaded known, CertificateFiles files) {
        String domain = known.certificates().domain();
        try {
            PemCertificates read = PemCertificates.read(domain, files.crt(), files.key());
            Loaded loaded = install(known, read, files);
            log.log(System.Logger.Level.INFO, "certificate for {0} reloaded from {1}: {2}; new connections get it", domain, files.crt(), describe(read));
            warnIfExpiring(read);
            return loaded;
        } catch (IOException | GeneralSecurityException e) {
            Loaded kept = new Loaded(known.certificates(), known.files(), known.alias(), known.previousAlias(), files);
            byDomain.put(domain, kept);
            log.log(System.Logger.Level.WARNING, "certificate files of {0} changed but cannot be used: {1}; new connections keep the previous one "
                    + "({2}) until {3} and {4} are a matching pair", domain, e.getMessage(), describe(known.certificates()), files.crt(), files.key());
            return kept;
        }
    }

    private Loaded install(Loaded replaced, PemCertificates read, CertificateFiles files) {
        String domain = read.domain();
        String alias = domain + "#" + loads.incrementAndGet();
        byAlias.put(alias, read);
        if (replaced != null && replaced.previousAlias() != null) byAlias.remove(replaced.previousAlias());
        Loaded loaded = new Loaded(read, files, alias, replaced == null ? null : replaced.alias(), null);
        byDomain.put(domain, loaded);
        return loaded;
    }

    private static String describe(PemCertificates c) {
        X509Certificate leaf = c.chain()[0];
        String fingerprint;
        try {
            fingerprint = PemCertificates.fingerprint(leaf);
        } catch (GeneralSecurityException e) {
            fingerprint = "unknown (" + e.getMessage() + ")";
        }
        return "SHA-256 fingerprint " + fingerprint + ", valid until " + leaf.getNotAfter().toInstant();
    }

    /**
     * Runs daily: picks up changed files of every loaded domain and warns of each certificate
     * that expires within {@link #EXPIRY_WARNING}, so a renewal that failed is noticed in time.
     */
    void checkExpiry() {
        for (String domain : byDomain.keySet()) {
            try {
                PemCertificates current = loaded(domain).certificates();
                warnIfExpiring(current);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "cannot check the certificate of {0} in {1}: {2}", domain, dir, e.getMessage());
            }
        }
    }

    private void warnIfExpiring(PemCertificates c) {
        Instant notAfter = c.chain()[0].getNotAfter().toInstant();
        Instant now = clock.instant();
        if (now.plus(EXPIRY_WARNING).isBefore(notAfter)) return;
        String when = now.isBefore(notAfter) ? "expires " + notAfter + ", in " + Duration.between(now, notAfter).toDays() + " days"
                : "expired " + notAfter;
        log.log(System.Logger.Level.WARNING, "certificate for {0} {1}: renew it and put the new pair in {2} as {0}.crt and {0}.key; "
                + "new connections get it without a restart", c.domain(), when, dir);
    }

    /**
     * Upgrades a connection, its bytes in and out, to TLS as the server (after STARTTLS, or at
     * once for direct TLS); blocks until the handshake is done. {@code domain} picks the
     * certificate when the client names none (SNI).
     */
    TlsStream upgrade(InputStream in, OutputStream out, String domain) throws IOException {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(PROTOCOLS);
        // XEP-0368: answer ALPN "xmpp-client" when offered; no ALPN otherwise.
        engine.setHandshakeApplicationProtocolSelector((e, offered) -> offered.contains("xmpp-client") ? "xmpp-client" : null);
        streamDomain.put(engine, domain);
        try {
            return new TlsStream(engine, in, out, recordBuffers);
        } finally {
            streamDomain.remove(engine);
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public X509ExtendedKeyManager keyManager(String domain) {
        return new DomainKeyManager(connection -> domain);
    }

    /**
     * Picks the key and chain of the domain the peer asked for (SNI), else of the domain
     * {@code fallback} names for the connection (the SSLSocket or SSLEngine); as a client, always
     * the fallback's.
     */
    private final class DomainKeyManager extends X509ExtendedKeyManager {

        private final java.util.function.Function<Object, String> fallback;

        DomainKeyManager(java.util.function.Function<Object, String> fallback) {
            this.fallback = fallback;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            SSLSession handshake = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
            return aliasFor(served(sniName(handshake), socket), keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(served(sniName(engine.getHandshakeSession()), engine), keyType);
        }

        /** Only a served domain: a name a client makes up must not make files appear. */
        private String served(String sni, Object connection) {
            return sni != null && hosts.isServed(sni) ? sni : fallback.apply(connection);
        }

        private String aliasFor(String domain, String keyType) {
            if (domain == null) return null;
            try {
                Loaded c = loaded(domain);
                String algorithm = c.certificates().key().getAlgorithm();
                boolean fits = algorithm.equals(keyType) || keyType.equals("RSASSA-PSS") && algorithm.equals("RSA")
                        || keyType.startsWith("EC") && algorithm.equals("EC");
                return fits ? c.alias() : null;
            } catch (IOException | GeneralSecurityException e) {
                log.log(System.Logger.Level.ERROR, "no certificate for {0} in {1}: {2}; the TLS handshake fails", domain, dir, e.getMessage());
                return null;
            }
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            PemCertificates c = byAlias.get(alias);
            return c == null ? null : c.chain().clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            PemCertificates c = byAlias.get(alias);
            return c == null ? null : c.key();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return byDomain.values().stream().map(Loaded::alias).toArray(String[]::new);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            String domain = fallback.apply(socket);
            for (String keyType : keyTypes) {
                String alias = aliasFor(domain, keyType);
                if (alias != null) return alias;
            }
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
