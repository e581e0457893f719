package xmpp.mod.vcard.internal;

import java.nio.charset.StandardCharsets;
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
import xmpp.core.storage.StorageException;
import xmpp.core.storage.VCardStore;
import xmpp.core.xml.Element;

/**
 * vCards (XEP-0054): a user gets and sets her own, and gets anybody's. A set larger than
 * {@code max.bytes} is refused, so an avatar cannot fill the database.
 */
@Component(configurationPid = "xmpp.mod.vcard", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = VCardModule.Config.class, factory = true)
@IqHandlerFor(namespace = VCardModule.NS, scope = IqHandler.SCOPE_SM, discipline = IqHandler.NO_QUEUE)   // on the sender's thread: what the client sends next must see this done (RFC 6120 section 10.1)
public final class VCardModule implements IqHandler {

    static final String NS = "vcard-temp";
    private static final System.Logger log = System.getLogger(VCardModule.class.getName());

    @ObjectClassDefinition(name = "XMPP module: vcard", description = "vCards (XEP-0054) and avatar hashes in presence (XEP-0153).")
    @interface Config {
        @AttributeDefinition(description = "Served domain, or * for all of them.")
        String xmpp_host() default IqHandler.ANY_HOST;

        @AttributeDefinition(description = "Largest vCard a user may store, in bytes of XML; larger ones get not-acceptable.")
        int max_bytes() default 65536;
    }

    private final VCardStore store;
    private final Avatars avatars;
    private final int maxBytes;

    @Activate
    public VCardModule(Config config, @Reference VCardStore store, @Reference Avatars avatars) {
        this(store, avatars, config.max_bytes());
    }

    VCardModule(VCardStore store, Avatars avatars, int maxBytes) {
        this.store = store;
        this.avatars = avatars;
        this.maxBytes = maxBytes;
    }

    @Override
    public Element handle(Iq request) throws StanzaException {
        Jid from = request.from().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST, "no sender"));
        Jid owner = request.to().orElse(from.bare()).bare();
        Element vcard = request.payload().orElseThrow();
        if (!vcard.name().equals("vCard")) throw new StanzaException(Condition.BAD_REQUEST, "expected <vCard xmlns='vcard-temp'/>");
        try {
            if (request.type() == Iq.Type.GET) return request.resultReply(stored(owner, owner.equals(from.bare())));
            if (!owner.equals(from.bare())) throw new StanzaException(Condition.FORBIDDEN, "a vCard is changed by its owner only");
            int bytes = vcard.toXml().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > maxBytes)
                throw new StanzaException(Condition.NOT_ACCEPTABLE, "the vCard has " + bytes + " bytes; at most " + maxBytes + " are kept");
            store.put(owner, vcard);
            avatars.stored(owner, vcard);
            return request.resultReply();
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "the vCard of {0} cannot be {1}; the client got internal-server-error: {2}",
                    owner, request.type() == Iq.Type.SET ? "written" : "read", e.getMessage());
            throw new StanzaException(Condition.INTERNAL_SERVER_ERROR, "vCards cannot be reached now; try again later");
        }
    }

    /** XEP-0054 section 3.1: the owner gets an empty vCard before she sets one; others get item-not-found. */
    private Element stored(Jid owner, boolean own) throws StorageException, StanzaException {
        var vcard = store.get(owner);
        if (vcard.isPresent()) return vcard.get();
        if (own) return Element.of("vCard", NS);
        throw new StanzaException(Condition.ITEM_NOT_FOUND, "no vCard");
    }
}
