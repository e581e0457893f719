package xmpp.mod.offline.internal;

import java.time.Instant;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Sessions;
import xmpp.core.route.StanzaHook;
import xmpp.core.stanza.Presence;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.Stanzas;
import xmpp.core.storage.OfflineStore;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Keeps messages for users with no available resource (XEP-0160; RFC 6121 section 8.5.2.2.1):
 * types normal and chat only, as the session manager hands over no others. Above the quota the
 * sender gets {@code service-unavailable}; so does it when the store fails, so nothing is lost
 * unknown to the sender.
 */
@Component(configurationPid = OfflineStorage.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = StanzaHook.POINT + "=" + StanzaHook.OFFLINE_MESSAGE)
@Designate(ocd = OfflineStorage.Config.class)
public final class OfflineStorage implements StanzaHook {

    static final String PID = "xmpp.mod.offline";
    private static final System.Logger log = System.getLogger(OfflineStorage.class.getName());
    private static final String HINTS = "urn:xmpp:hints";
    private static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";

    @ObjectClassDefinition(name = "XMPP module: offline", description = "Offline messages (XEP-0160).")
    public @interface Config {
        @AttributeDefinition(description = "Most messages kept per user; more are bounced with service-unavailable.")
        int max_messages() default 1000;
    }

    private final OfflineStore store;
    private final Router router;
    private final Sessions sessions;
    private final WaitingMessages waiting;
    private volatile int limit;

    @Activate
    public OfflineStorage(Config config, @Reference OfflineStore store, @Reference Router router, @Reference Sessions sessions) {
        this.store = store;
        this.router = router;
        this.sessions = sessions;
        this.waiting = new WaitingMessages(store, router);
        modified(config);
    }

    @Modified
    void modified(Config config) {
        limit = Math.max(0, config.max_messages());
    }

    @Override
    public Element process(Jid from, Jid to, Element message) {
        if (onlyChatStates(message)) return null;   // a typing notification is stale by the next login: dropped, not bounced
        if (message.child("no-store", HINTS).isPresent() || message.child("no-permanent-store", HINTS).isPresent())
            return message;   // XEP-0334: the sender asked not to keep it, so it is bounced
        Jid owner = to.bare();
        try {
            if (store.append(owner, message, Instant.now(), limit)) {
                // The router found nobody available, but the account's first available presence may
                // have been recorded since, and what waited handed over before this was added: it
                // would wait for the next login. One already taken out of storage once is left
                // there, so that a router that sees nobody where Sessions sees someone cannot loop.
                if (!WaitingMessages.cameFromStorage(message) && reachable(owner)) waiting.deliver(owner);
                return null;
            }
            log.log(System.Logger.Level.INFO, "offline storage of {0} is full ({1} messages); a message from {2} is bounced",
                    owner, limit, from);
            bounce(from, to, message, "the recipient is offline and their offline storage is full");
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "cannot keep a message from {0} for offline user {1}; bounced to the sender: {2}",
                    from, owner, e.getMessage());
            bounce(from, to, message, "the recipient is offline and the message cannot be kept now");
        }
        return null;
    }

    /** Whether a message to {@code account} is delivered now: one of its sessions is available with a non-negative priority. */
    private boolean reachable(Jid account) {
        return sessions.presencesOf(account).values().stream().anyMatch(p -> Presence.priorityOf(p) >= 0);
    }

    private void bounce(Jid from, Jid to, Element message, String text) {
        router.route(to, from, Stanzas.errorReply(message, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE, text)));
    }

    /** XEP-0085 section 5.6: chat state notifications alone are not stored. */
    private static boolean onlyChatStates(Element message) {
        boolean states = false;
        for (Element e : message.elements()) {
            if (e.namespace().equals(CHAT_STATES)) states = true;
            else if (!e.name().equals("thread") && !e.namespace().equals(HINTS)) return false;
        }
        return states && message.child("store", HINTS).isEmpty();
    }
}
