package xmpp.mod.push.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * Sends the XEP-0357 section 7 notification, a pubsub publish of a {@code urn:xmpp:push:summary}
 * form, from the account to each of its app servers. {@code message-count} counts the messages
 * since the user was last online: a session's available presence resets it.
 */
@Component(service = {Notifier.class, SessionListener.class})
public final class Notifier implements SessionListener {

    static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    static final String SUMMARY = "urn:xmpp:push:summary";
    private static final String ID_PREFIX = "push-";
    private static final System.Logger log = System.getLogger(Notifier.class.getName());

    private final Registrations registrations;
    private final Router router;
    private final SentNotifications sent;
    private final Map<Jid, Integer> pending = new ConcurrentHashMap<>();

    @Activate
    public Notifier(@Reference Registrations registrations, @Reference Router router, @Reference SentNotifications sent) {
        this.registrations = registrations;
        this.router = router;
        this.sent = sent;
    }

    /** {@code message} from {@code sender} found no reachable session of {@code account}. */
    void notify(Jid account, Jid sender, Element message) {
        List<Registration> targets;
        try {
            targets = registrations.of(account);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "cannot read the push registrations of {0}; no notification for a message from {1}: {2}",
                    account.bare(), sender, e.getMessage());
            return;
        }
        if (targets.isEmpty()) return;
        int count = pending.merge(account.bare(), 1, Integer::sum);
        Optional<String> body = message.child("body").map(Element::text);
        for (Registration r : targets) {
            Element publish = publish(account.bare(), r, count, sender, body);
            sent.sent(publish.attr("id"), account, r.appServer(), r.node());
            router.route(account.bare(), r.appServer(), publish);
        }
    }

    static Element publish(Jid account, Registration r, int count, Jid sender, Optional<String> body) {
        Element.Builder summary = Element.builder("x").xmlns(Registration.DATA).attr("type", "submit")
                .child(field("FORM_TYPE", SUMMARY))
                .child(field("message-count", Integer.toString(count)))
                .child(field("last-message-sender", sender.toString()));
        if (r.includeBody()) body.ifPresent(b -> summary.child(field("last-message-body", b)));
        Element item = Element.builder("item").child(Element.builder("notification").xmlns(Registration.NS).child(summary.build()).build()).build();
        Element.Builder pubsub = Element.builder("pubsub").xmlns(PUBSUB)
                .child(Element.builder("publish").attr("node", r.node()).child(item).build());
        r.publishOptions().ifPresent(options -> pubsub.child(Element.builder("publish-options").child(options).build()));
        return Element.builder("iq").attr("type", "set").attr("id", newId())
                .attr("from", account.toString()).attr("to", r.appServer().toString()).child(pubsub.build()).build();
    }

    /** Unguessable, so that only the app server that got the publish can answer it (SentNotifications). */
    static String newId() {
        return ID_PREFIX + UUID.randomUUID();
    }

    /** A message someone would want to be woken for: chat or normal, with a body. */
    static boolean worthAPush(Element stanza) {
        String type = stanza.attr("type");
        return stanza.name().equals("message") && (type.isEmpty() || type.equals("chat") || type.equals("normal"))
                && stanza.child("body").isPresent();
    }

    private static Element field(String var, String value) {
        return Element.builder("field").attr("var", var).child(Element.builder("value").text(value).build()).build();
    }

    @Override
    public void available(Session session, Element presence, Optional<Element> previous) {
        pending.remove(session.jid().bare());
    }
}
