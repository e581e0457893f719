package xmpp.mod.push.internal;

import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * XEP-0357 remote disabling: an app server that no longer serves a device (the app was removed)
 * tells the account so with a message setting her affiliation to its node to {@code none}
 * ({@code <pubsub node='…'><affiliation jid='her' affiliation='none'/></pubsub>}, as Smack reads
 * it). That app server's registration for the node goes, and the message stops here: it is for
 * the server, no client would know what to do with it. Only the registered app server may do so:
 * the same message from anyone else passes on untouched. Ranks after blocking (1000) and before
 * archiving (100) and offline storage, on both ways a message reaches an account.
 */
@Component(property = {StanzaHook.POINT + "=" + StanzaHook.USER_RECEIVE_PACKET, StanzaHook.POINT + "=" + StanzaHook.OFFLINE_MESSAGE,
        "service.ranking:Integer=500"})
public final class RemoteDisabling implements StanzaHook {

    private static final System.Logger log = System.getLogger(RemoteDisabling.class.getName());

    private final Registrations registrations;
    // A message to the account reaches each of her sessions with the same stanza on this thread:
    // the one consumed last is remembered, so no later session gets it once the registration is gone.
    private final ThreadLocal<Element> lastConsumed = new ThreadLocal<>();

    @Activate
    public RemoteDisabling(@Reference Registrations registrations) {
        this.registrations = registrations;
    }

    @Override
    public Element process(Jid from, Jid to, Element stanza) {
        if (!stanza.name().equals("message")) return stanza;
        if (lastConsumed.get() == stanza) return null;   // identity: the same delivery, to another session
        Element pubsub = stanza.child("pubsub", Notifier.PUBSUB).orElse(null);
        if (pubsub == null || pubsub.attr("node").isEmpty() || !affiliatesNone(pubsub, to.bare())) return stanza;
        String node = pubsub.attr("node");
        try {
            List<Registration> registered = registrations.of(to);
            if (registered.stream().noneMatch(r -> r.matches(from, node))) return stanza;
            registrations.disable(to, from, node);
            log.log(System.Logger.Level.INFO, "push for {0} to {1} node {2} disabled by the app server", to.bare(), from, node);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "cannot disable push for {0} to {1} node {2} as the app server asked; "
                    + "it is notified on, check the storage: {3}", to.bare(), from, node, e.getMessage());
        }
        lastConsumed.set(stanza);
        return null;
    }

    private static boolean affiliatesNone(Element pubsub, Jid account) {
        return pubsub.elements().stream().anyMatch(a -> a.name().equals("affiliation") && a.attr("affiliation").equals("none")
                && Jid.parse(a.attr("jid")).map(j -> j.bare().equals(account)).orElse(false));
    }
}
