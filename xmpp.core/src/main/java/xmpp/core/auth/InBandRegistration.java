package xmpp.core.auth;

import java.net.InetAddress;
import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.stanza.Iq;
import xmpp.core.xml.Element;

/**
 * In-band registration (XEP-0077) before a client has logged in: a registration module
 * registers this service, and the client listeners hand it the {@code jabber:iq:register}
 * requests a client sends on a stream that has not authenticated yet (after TLS, where TLS is
 * required), and advertise the {@code iq-register} stream feature for the hosts where it is
 * open. Such a request has no {@code from}. Requests of logged-in users (password change,
 * removal) are ordinary IQs to the server and go to {@link xmpp.core.route.IqHandler}s.
 *
 * @since 1.1
 */
@ConsumerType
public interface InBandRegistration {

    /** Whether clients of {@code host} may register accounts before they log in now. */
    boolean openOn(String host);

    /**
     * Answers a get (the form) or set (the account) for {@code host} from a client at
     * {@code client}, for limits per address. Returns the reply; a throw is answered with
     * {@code internal-server-error}.
     */
    Element register(Iq request, String host, InetAddress client) throws Exception;
}
