package xmpp.mod.register.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import xmpp.core.auth.Accounts;
import xmpp.core.auth.AuthException;
import xmpp.core.auth.InBandRegistration;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;
import xmpp.core.route.Hosts;
import xmpp.core.route.IqHandler;
import xmpp.core.route.IqHandlerFor;
import xmpp.core.route.ServiceProperties;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stanza.StanzaException;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/**
 * XEP-0077. Before login (through the client listener, as {@link InBandRegistration}): the
 * registration form and account creation, where in-band registration is on, limited per client
 * address. After login (as the {@code jabber:iq:register} handler of the server): the user's
 * own password change and account removal, always.
 */
@Component(configurationPid = RegistrationConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {InBandRegistration.class, IqHandler.class})
@Designate(ocd = RegistrationConfig.class, factory = true)
@IqHandlerFor(namespace = RegisterModule.NS, discipline = IqHandler.PARALLEL) // PBKDF2 per account: never one at a time for everyone
public final class RegisterModule implements InBandRegistration, IqHandler {

    static final String NS = "jabber:iq:register";
    private static final System.Logger log = System.getLogger(RegisterModule.class.getName());

    private final Accounts accounts;
    private final Sessions sessions;
    private final Hosts hosts;
    private final Set<String> domains;
    private final boolean inBand;
    private final AddressWindow window;
    private final Duration closeDelay;

    @Activate
    public RegisterModule(RegistrationConfig config, @Reference Accounts accounts, @Reference Sessions sessions, @Reference Hosts hosts) {
        this(config, accounts, sessions, hosts, Clock.systemUTC(), Duration.ofSeconds(1));
    }

    RegisterModule(RegistrationConfig config, Accounts accounts, Sessions sessions, Hosts hosts, Clock clock, Duration closeDelay) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.hosts = hosts;
        this.domains = Set.copyOf(ServiceProperties.strings(config.xmpp_host()));
        this.inBand = config.in_band();
        this.window = new AddressWindow(config.per_address(), Duration.ofSeconds(config.window_s()), clock);
        this.closeDelay = closeDelay;
    }

    // ---- before login

    @Override
    public boolean openOn(String host) {
        return inBand && hosts.isServed(host) && (domains.contains(host) || domains.contains(IqHandler.ANY_HOST));
    }

    @Override
    public Element register(Iq iq, String host, InetAddress client) {
        if (iq.type() == Iq.Type.GET) return iq.resultReply(form());
        Element query = iq.payload().orElseThrow();
        if (query.child("remove").isPresent())
            return iq.errorReply(StanzaError.of(Condition.NOT_AUTHORIZED, "log in to remove your account"));
        String username = query.child("username").map(Element::text).orElse("").strip();
        String password = query.child("password").map(Element::text).orElse("");
        if (username.isEmpty() || password.isEmpty())
            return iq.errorReply(StanzaError.of(Condition.NOT_ACCEPTABLE, "a username and a password are required"));
        Jid account;
        try {
            account = Jid.of(username, host, "");
        } catch (JidFormatException e) {
            return iq.errorReply(StanzaError.of(Condition.NOT_ACCEPTABLE, "'" + username + "' cannot be a user name: " + e.getMessage()));
        }
        if (!window.take(client)) {
            log.log(System.Logger.Level.INFO, "in-band registration of {0} from {1} refused: that address created its accounts for now", account, client.getHostAddress());
            return iq.errorReply(StanzaError.of(Condition.RESOURCE_CONSTRAINT, "too many accounts registered from your address; try again later"));
        }
        try {
            if (accounts.exists(account) || !accounts.create(account, password)) {
                window.giveBack(client);
                return accounts.exists(account)
                        ? iq.errorReply(StanzaError.of(Condition.CONFLICT, account + " is taken"))
                        : iq.errorReply(StanzaError.of(Condition.NOT_ALLOWED, "accounts cannot be created on " + host));
            }
        } catch (AuthException e) {
            window.giveBack(client);
            return failed("register " + account, iq, e);
        }
        log.log(System.Logger.Level.INFO, "account {0} registered in band from {1}", account, client.getHostAddress());
        return iq.resultReply();
    }

    private static Element form() {
        return Element.builder("query").xmlns(NS)
                .child(Element.builder("instructions").text("Choose a user name and password to register with this server.").build())
                .child(Element.of("username")).child(Element.of("password")).build();
    }

    // ---- a logged-in user's own account

    @Override
    public Element handle(Iq iq) throws StanzaException {
        Jid from = iq.from().orElseThrow();
        Jid account = from.bare();
        if (account.localpart().isEmpty() || !hosts.isServed(account.domainpart())
                || !iq.to().map(Jid::domainpart).orElse(account.domainpart()).equals(account.domainpart()))
            return iq.errorReply(StanzaError.of(Condition.FORBIDDEN, "only the server's own users manage their accounts here"));
        if (iq.type() == Iq.Type.GET)
            return iq.resultReply(Element.builder("query").xmlns(NS).child(Element.of("registered"))
                    .child(Element.builder("username").text(account.localpart()).build()).child(Element.of("password")).build());
        Element query = iq.payload().orElseThrow();
        try {
            if (query.child("remove").isPresent()) return remove(iq, account);
            return changePassword(iq, query, account);
        } catch (AuthException e) {
            return failed("change " + account, iq, e);
        }
    }

    private Element changePassword(Iq iq, Element query, Jid account) throws AuthException {
        Optional<String> username = query.child("username").map(Element::text).map(String::strip);
        String password = query.child("password").map(Element::text).orElse("");
        if (username.isEmpty() || password.isEmpty())
            return iq.errorReply(StanzaError.of(Condition.BAD_REQUEST, "a password change needs your username and the new password"));
        if (!sameAccount(username.get(), account))
            return iq.errorReply(StanzaError.of(Condition.NOT_AUTHORIZED, "you can change only your own password"));
        if (!accounts.setPassword(account, password))
            return iq.errorReply(StanzaError.of(Condition.NOT_ALLOWED, "the password of " + account + " cannot be changed here"));
        log.log(System.Logger.Level.INFO, "password of {0} changed in band", account);
        return iq.resultReply();
    }

    /** XEP-0077 section 3.2: the account goes, and so do its sessions, each told why, after the answer. */
    private Element remove(Iq iq, Jid account) throws AuthException {
        if (!accounts.delete(account))
            return iq.errorReply(StanzaError.of(Condition.NOT_ALLOWED, account + " cannot be removed here"));
        log.log(System.Logger.Level.INFO, "account {0} removed in band", account);
        // The sessions end a moment after the answer: a client that sees the stream end together
        // with the answer may take the stream error for the answer (Smack does).
        List<Session> ending = sessions.sessionsOf(account);
        CompletableFuture.runAsync(() -> ending.forEach(s -> s.close(StreamError.of(StreamError.Condition.NOT_AUTHORIZED, "the account was removed"))),
                CompletableFuture.delayedExecutor(closeDelay.toMillis(), TimeUnit.MILLISECONDS));
        return iq.resultReply();
    }

    private static boolean sameAccount(String username, Jid account) {
        try {
            return Jid.of(username, account.domainpart(), "").equals(account);
        } catch (JidFormatException e) {
            return false;
        }
    }

    private static Element failed(String what, Iq iq, AuthException e) {
        log.log(System.Logger.Level.ERROR, "cannot {0}: {1}; the client got internal-server-error", what, e.getMessage());
        return iq.errorReply(StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "the accounts cannot be reached now; try again later"));
    }
}
