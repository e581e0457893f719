package xmpp.c2s.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code xmpp.tls}: where the certificates of the served domains are. */
@ObjectClassDefinition(name = "XMPP TLS certificates")
public @interface TlsConfig {

    String PID = "xmpp.tls";

    @AttributeDefinition(required = false, description = "Folder with <domain>.crt (PEM certificate chain, e.g. Let's Encrypt's fullchain.pem) and "
            + "<domain>.key (PEM private key, e.g. privkey.pem) per served domain. Empty: <data>/certs. "
            + "A domain without them gets a self-signed certificate, made there on first use.")
    String cert_dir() default "";
}
