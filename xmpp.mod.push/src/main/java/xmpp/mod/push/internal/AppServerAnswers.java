package xmpp.mod.push.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.storage.StorageException;
import xmpp.core.xml.Element;

/**
 * The app servers' answers to notifications. An app server that can no longer reach the device
 * (the app was removed, its token expired) answers with an error, and goes on doing so: after
 * {@code max.errors} errors in a row, none of type {@code wait}, the registration is disabled, as
 * Prosody's mod_cloud_notify does and as Conversations and Monal expect (they enable push again
 * at their next login). A result ends a run of errors; a {@code wait} error neither counts nor ends one.
 * Only an answer to a notification actually sent, from the app server it was sent to, counts and
 * is consumed; any other passes on untouched, as another module's answer does.
 */
@Component(configurationPid = PushConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = StanzaHook.POINT + "=" + StanzaHook.ACCOUNT_IQ_RESPONSE)
public final class AppServerAnswers implements StanzaHook {

    private static final System.Logger log = System.getLogger(AppServerAnswers.class.getName());

    /** One registration, as an answer names it: who was notified, by whom, on which node. */
    private record Target(Jid account, Jid appServer, String node) { }

    private final Registrations registrations;
    private final SentNotifications sent;
    private final int maxErrors;
    private final Map<Target, Integer> errorsInARow = new ConcurrentHashMap<>();

    @Activate
    public AppServerAnswers(PushConfig config, @Reference Registrations registrations, @Reference SentNotifications sent) {
        this.registrations = registrations;
        this.sent = sent;
        this.maxErrors = Math.max(1, config.max_errors());
    }

    @Override
    public Element process(Jid from, Jid to, Element answer) {
        Optional<SentNotifications.Sent> notification = sent.answered(answer.attr("id"));
        if (notification.isEmpty()) return answer;   // another module's request, or no answer to ours
        SentNotifications.Sent n = notification.get();
        if (!n.appServer().equals(from) || !n.account().equals(to.bare())) {
            log.log(System.Logger.Level.DEBUG, "an answer to the push notification for {0} came from {1}, not its app server {2}; passed on",
                    n.account(), from, n.appServer());
            return answer;
        }
        Target target = new Target(n.account(), n.appServer(), n.node());
        if (!answer.attr("type").equals("error")) {
            errorsInARow.remove(target);
            return null;
        }
        Element error = answer.child("error").orElse(Element.of("error"));
        if (error.attr("type").equals("wait")) return null;   // the app server is busy, not the device gone
        int errors = errorsInARow.merge(target, 1, Integer::sum);
        if (errors < maxErrors) return null;
        errorsInARow.remove(target);
        String condition = error.firstElement().map(Element::name).orElse("no condition");
        try {
            registrations.disable(target.account(), target.appServer(), target.node());
            log.log(System.Logger.Level.INFO, "push for {0} to {1} node {2} disabled: the app server answered {3} notifications in a row "
                    + "with errors, the last {4}; the client enables it again at its next login", target.account(), from, target.node(), errors, condition);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "cannot disable push for {0} to {1} node {2} after {3} errors of the app server ({4}); "
                    + "it is notified on, check the storage: {5}", target.account(), from, target.node(), errors, condition, e.getMessage());
        }
        return null;
    }
}
