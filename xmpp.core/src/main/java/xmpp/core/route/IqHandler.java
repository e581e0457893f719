package xmpp.core.route;

import org.osgi.annotation.versioning.ConsumerType;
import xmpp.core.stanza.Iq;
import xmpp.core.xml.Element;

/**
 * Answers IQ requests of one namespace: the seed's {@code gen_iq_handler}. Register it with
 * the service properties below (or {@link IqHandlerFor} on a DS component); unregistering the
 * service removes the handler, and IQs still queued for it are answered with
 * {@code service-unavailable}.
 *
 * <p>{@link #handle} gets only requests (get or set) for its namespace, scope and host. It
 * returns the reply: a result ({@link Iq#resultReply()}) or an error ({@link Iq#errorReply}).
 * Throwing a {@link xmpp.core.stanza.StanzaException} replies with its error; throwing
 * anything else replies {@code internal-server-error} and is logged. A handler slower than the
 * dispatcher's timeout gets {@code remote-server-timeout} sent for it. Either way the router
 * lives on.
 */
@ConsumerType
public interface IqHandler {

    /** Service property: the namespace of the IQ's child element, e.g. {@code urn:xmpp:ping}. */
    String NAMESPACE = "xmpp.iq.namespace";

    /**
     * Service property, one or more of: {@link #SCOPE_LOCAL} for IQs to the server's own JID
     * (seed: {@code ejabberd_local}), {@link #SCOPE_SM} for IQs to a user's bare JID (seed:
     * {@code ejabberd_sm}). Default {@code local}.
     */
    String SCOPE = "xmpp.iq.scope";
    String SCOPE_LOCAL = "local";
    String SCOPE_SM = "sm";

    /** Service property: a served domain, or {@code *} for all of them (the default). */
    String HOST = "xmpp.host";
    String ANY_HOST = "*";

    /**
     * Service property: how requests are run, as the seed's {@code Type}.
     * {@link #NO_QUEUE}: on the routing thread, for answers that cost less than a queue hop.
     * {@link #ONE_QUEUE}: one request at a time, in arrival order (the default).
     * {@link #PARALLEL}: each request on its own virtual thread.
     */
    String DISCIPLINE = "xmpp.iq.discipline";

    /**
     * Service property an operator sets in a module's configuration, as in ejabberd: it
     * overrides the module's own {@link #DISCIPLINE}.
     */
    String IQDISC = "iqdisc";
    String NO_QUEUE = "no_queue";
    String ONE_QUEUE = "one_queue";
    String PARALLEL = "parallel";

    Element handle(Iq request) throws Exception;
}
