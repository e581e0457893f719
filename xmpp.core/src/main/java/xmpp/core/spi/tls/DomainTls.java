package xmpp.core.spi.tls;

import javax.net.ssl.SSLContext;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The served domains' certificates, as the client listener uses them: a handshake gets the
 * certificate of the name the client asks for (SNI), else the primary domain's; a domain's
 * files are read again when they change, so a renewal reaches the next handshake without a
 * restart. A service of the bundle that keeps the certificates.
 */
@ProviderType
public interface DomainTls {

    /** A server-side context for {@link javax.net.ssl.SSLEngine}s; the same object for the service's life. */
    SSLContext serverContext();
}
