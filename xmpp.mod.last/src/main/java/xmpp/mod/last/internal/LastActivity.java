package xmpp.mod.last.internal;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
import xmpp.core.route.Sessions;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.storage.PrivateXmlStore;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.RosterStore;
import xmpp.core.xml.Element;

/**
 * XEP-0012 last activity. To the server (section 6): the seconds since the server started. To a
 * user's bare JID (section 4), for the user herself and for contacts subscribed to her presence
 * only ({@code forbidden} for anyone else): {@code 0} while she has an available resource, else
 * the seconds since her last logout with the status she left with; {@code service-unavailable}
 * if she never logged out while this module ran. A set is {@code not-allowed}.
 */
@Component(configurationPid = "xmpp.mod.last", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LastActivity.Config.class, factory = true)
@IqHandlerFor(namespace = LastActivity.NS, scope = {IqHandler.SCOPE_LOCAL, IqHandler.SCOPE_SM})
public final class LastActivity implements IqHandler {

    static final String NS = "jabber:iq:last";

    @ObjectClassDefinition(name = "XMPP module: last activity (XEP-0012)")
    @interface Config {
        @AttributeDefinition(description = "Served domain, or * for all of them.")
        String xmpp_host() default "*";

        @AttributeDefinition(description = "no_queue, one_queue or parallel (ejabberd's iqdisc).")
        String iqdisc() default IqHandler.ONE_QUEUE;
    }

    private final Instant started;
    private final Clock clock;
    private final Sessions sessions;
    private final RosterStore rosters;
    private final LastLogouts logouts;

    @Activate
    public LastActivity(@Reference Sessions sessions, @Reference RosterStore rosters, @Reference PrivateXmlStore store) {
        this(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()), Clock.systemUTC(), sessions, rosters,
                new LastLogouts(store));
    }

    LastActivity(Instant started, Clock clock, Sessions sessions, RosterStore rosters, LastLogouts logouts) {
        this.started = started;
        this.clock = clock;
        this.sessions = sessions;
        this.rosters = rosters;
        this.logouts = logouts;
    }

    @Override
    public Element handle(Iq iq) throws Exception {
        if (iq.type() == Iq.Type.SET) return iq.errorReply(StanzaError.Condition.NOT_ALLOWED);
        Optional<Jid> to = iq.to();
        if (to.isEmpty() || to.get().localpart().isEmpty()) return iq.resultReply(query(secondsSince(started), ""));
        Jid account = to.get().bare();
        if (!mayKnowPresenceOf(account, iq.from())) return iq.errorReply(StanzaError.Condition.FORBIDDEN);
        if (isOnline(sessions, account)) return iq.resultReply(query(0, ""));
        return logouts.last(account)
                .map(logout -> iq.resultReply(query(secondsSince(logout.when()), logout.status())))
                .orElseGet(() -> iq.errorReply(StanzaError.Condition.SERVICE_UNAVAILABLE));
    }

    /** The user herself, or a contact with a subscription to her presence (RFC 6121 "from" or "both" in her roster). */
    private boolean mayKnowPresenceOf(Jid account, Optional<Jid> asker) throws Exception {
        if (asker.isEmpty()) return false;
        Jid bare = asker.get().bare();
        return bare.equals(account) || rosters.item(account, bare).map(RosterItem::seenByContact).orElse(false);
    }

    static boolean isOnline(Sessions sessions, Jid account) {
        return sessions.sessionsOf(account).stream().anyMatch(s -> sessions.presenceOf(s.jid()).isPresent());
    }

    private long secondsSince(Instant then) {
        return Math.max(0, Duration.between(then, clock.instant()).toSeconds());
    }

    private static Element query(long seconds, String status) {
        Element.Builder q = Element.builder("query").xmlns(NS).attr("seconds", Long.toString(seconds));
        if (!status.isEmpty()) q.text(status);
        return q.build();
    }
}
