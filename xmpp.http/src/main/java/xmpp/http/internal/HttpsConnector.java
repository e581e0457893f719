package xmpp.http.internal;

import java.io.IOException;
import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import xmpp.core.route.Hosts;
import xmpp.core.spi.tls.DomainCertificates;

/**
 * The HTTPS listener, added to Felix's Jetty as a connector: the served domains' certificates
 * from the client listener's {@link DomainCertificates} (chosen by SNI, else the primary domain's;
 * renewals taken at the next handshake), and the limits that keep a slow or greedy client from holding the server.
 * A configuration change replaces the connector; open requests on the old one finish.
 */
@Component(configurationPid = HttpConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpConfig.class)
public final class HttpsConnector implements ConnectorFactory {

    private static final System.Logger log = System.getLogger(HttpsConnector.class.getName());

    private final HttpConfig config;
    private final DomainCertificates certificates;
    private final Hosts hosts;

    @Activate
    public HttpsConnector(HttpConfig config, @Reference DomainCertificates certificates, @Reference Hosts hosts) {
        this.config = config;
        this.certificates = certificates;
        this.hosts = hosts;
    }

    /** A handshake without SNI (an address in the URL) gets the primary domain's certificate. */
    private SSLContext serverContext() {
        String primary = hosts.all().stream().findFirst().orElse("localhost");
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {certificates.keyManager(primary)}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    @Override
    public Connector createConnector(Server server) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(serverContext());
        ssl.setSniRequired(false);
        ssl.setRenegotiationAllowed(false);

        HttpConfiguration http = new HttpConfiguration();
        http.setSecureScheme("https");
        http.setSecurePort(config.port());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(config.max_header_bytes());
        http.setMinRequestDataRate(config.min_request_bytes_per_s());
        http.setIdleTimeout(config.idle_timeout_s() * 1000L);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // A certificate for example.org is fine for a request to upload.example.org or an address:
        // the client checks the name, the server need not refuse it.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);

        // No acceptor thread: the one selector accepts too, which is plenty for this server's HTTP and costs a thread less.
        ServerConnector connector = new ServerConnector(server, 0, 1, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setName("xmpp-https");
        connector.setHost(config.address());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idle_timeout_s() * 1000L);
        connector.addBean(new NetworkConnectionLimit(config.max_connections(), connector));
        try {
            connector.open();   // here, so that a port in use is said plainly (Felix would log it through slf4j only)
        } catch (IOException e) {
            log.log(System.Logger.Level.ERROR, "HTTPS cannot listen on {0}:{1}: {2}; change address or port in etc/xmpp.http.cfg",
                    config.address(), String.valueOf(config.port()), e.getMessage());
            throw new IllegalStateException("HTTPS port " + config.port() + " cannot be opened", e);
        }
        log.log(System.Logger.Level.INFO, "HTTPS on {0}:{1}", config.address(), String.valueOf(connector.getLocalPort()));
        return connector;
    }
}
