package xmpp.core.spi.tls;

import javax.net.ssl.X509ExtendedKeyManager;
import org.osgi.annotation.versioning.ProviderType;

/** The certificates and keys of the served domains, for TLS handshakes of either side. */
@ProviderType
public interface DomainCertificates {

    /**
     * A key manager that presents the certificate of {@code domain}, as server or as client; as
     * server, the served domain the peer names by SNI wins. Each handshake gets the domain's
     * current pair, so a renewal reaches new connections without a restart.
     */
    X509ExtendedKeyManager keyManager(String domain);
}
