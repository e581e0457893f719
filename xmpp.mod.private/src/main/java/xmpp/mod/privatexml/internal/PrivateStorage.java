package xmpp.mod.privatexml.internal;

import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.jid.Jid;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Private XML storage (XEP-0049): a user keeps elements of her own namespaces (bookmarks,
 * client settings) on her account, and only she reads or changes them.
 */
@Component(configurationPid = "xmpp.mod.private", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PrivateStorage.Config.class, factory = true)
@IqHandlerFor(namespace = PrivateStorage.NS, scope = IqHandler.SCOPE_SM, discipline = IqHandler.NO_QUEUE)   // on the sender's thread: what the client sends next must see this done (RFC 6120 section 10.1)
public final class PrivateStorage implements IqHandler {

    static final String NS = "jabber:iq:private";

    /**
     * Namespaces server modules keep their own state under in the same store (the blocking
     * module's block lists): a client that wrote there would go around the module.
     */
    static final String SERVER_NAMESPACES = "urn:x-xmpp-server:";

    // XEP-0049 section 3: the stream's and this protocol's own namespaces are not storage.
    private static final Set<String> RESERVED = Set.of("jabber:client", "jabber:server", NS, "");

    private static final System.Logger log = System.getLogger(PrivateStorage.class.getName());

    @ObjectClassDefinition(name = "XMPP module: private", description = "Private XML storage (XEP-0049).")
    @interface Config {
        @AttributeDefinition(description = "Served domain, or * for all of them.")
        String xmpp_host() default IqHandler.ANY_HOST;
    }

    private final PrivateXmlStore store;

    @Activate
    public PrivateStorage(@Reference PrivateXmlStore store) {
        this.store = store;
    }

    @Override
    public Element handle(Iq request) throws StanzaException {
        Jid from = request.from().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST, "no sender"));
        Jid owner = request.to().orElse(from.bare());
        if (!owner.equals(from.bare())) throw new StanzaException(Condition.FORBIDDEN, "private storage is its owner's only");
        Element query = request.payload().orElseThrow();
        if (!query.name().equals("query")) throw new StanzaException(Condition.BAD_REQUEST, "expected <query/>");
        List<Element> elements = query.elements();
        if (elements.isEmpty()) throw new StanzaException(Condition.BAD_REQUEST, "name the element to get or store");
        for (Element e : elements)
            if (RESERVED.contains(e.namespace()) || e.namespace().startsWith(SERVER_NAMESPACES))
                throw new StanzaException(Condition.NOT_ACCEPTABLE, "namespace '" + e.namespace() + "' cannot be stored");
        try {
            if (request.type() == Iq.Type.SET) {
                for (Element e : elements) store.put(owner, e);
                return request.resultReply();
            }
            Element.Builder result = Element.builder("query").xmlns(NS);
            for (Element e : elements) result.child(store.get(owner, e.namespace()).orElse(e));   // nothing stored: the request's empty element
            return request.resultReply(result.build());
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "private storage of {0} cannot be {1}; the client got internal-server-error: {2}",
                    owner, request.type() == Iq.Type.SET ? "written" : "read", e.getMessage());
            throw new StanzaException(Condition.INTERNAL_SERVER_ERROR, "private storage cannot be reached now; try again later");
        }
    }
}
