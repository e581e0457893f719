package xmpp.core.route;

import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.jid.Jid;
import xmpp.core.xml.Element;

/**
 * A service at its own domain, such as {@code echo.localhost}: the seed's
 * {@code register_local_route(Host)}. Register it with service property {@link #ROUTE}
 * (one domain or several); the router sends it every stanza for those domains while the
 * service is registered, and removes the route when it goes.
 *
 * <p>{@link #route} runs on the sender's thread: hand long work to a thread of your own and
 * reply through the {@link Router}. An exception is logged and answered with
 * {@code internal-server-error}; it does not remove the route.
 */
@ConsumerType
public interface Component {

    /** Service property: the domain(s) this component serves, e.g. {@code echo.localhost}. */
    String ROUTE = "xmpp.route";

    void route(Jid from, Jid to, Element stanza) throws Exception;
}
