package xmpp.webconsole.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import xmpp.core.auth.Accounts;
import xmpp.core.auth.AuthException;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;
import xmpp.core.spi.net.IpLiterals;

/**
 * Decides one request to the console from its source address, the host it names and its HTTP Basic credentials:
 * the server's own accounts check the password (whatever authenticator serves the domain, as for
 * SASL PLAIN), and only the configured admins get in. Each refusal logs one line.
 */
final class ConsoleLogin {

    private static final System.Logger log = System.getLogger(ConsoleLogin.class.getName());

    sealed interface Outcome {}

    /** In, as this admin. */
    record Admin(Jid account) implements Outcome {}

    /** No or wrong credentials: ask for them (401). */
    record Challenge() implements Outcome {}

    /** Not from here, or not an admin (403). */
    record Forbidden(String reason) implements Outcome {}

    /** Too many failures: try again after this (429). */
    record Throttled(Duration retryAfter) implements Outcome {}

    /** The accounts could not be asked (503). */
    record Unavailable(String reason) implements Outcome {}

    private final Accounts accounts;
    private final Set<Jid> admins;
    private final SourceAddresses sources;
    private final ConsoleHostNames hostNames;
    private final LoginThrottle throttle;
    private final VerifiedLogins verified;

    ConsoleLogin(Accounts accounts, Set<Jid> admins, SourceAddresses sources, ConsoleHostNames hostNames, LoginThrottle throttle,
            VerifiedLogins verified) {
        this.accounts = accounts;
        this.admins = Set.copyOf(admins);
        this.sources = sources;
        this.hostNames = hostNames;
        this.throttle = throttle;
        this.verified = verified;
    }

    /**
     * @param host the Host header, or null
     * @param authorization the Authorization header, or null
     */
    Outcome decide(String address, String host, String authorization) {
        if (!sources.allows(address)) {
            log.log(System.Logger.Level.WARNING, "web console refused to {0}: only loopback and allowed.addresses of etc/xmpp.webconsole.cfg may reach it", address);
            return new Forbidden("the console is reachable from loopback and allowed.addresses only");
        }
        if (!hostNames.allows(host)) {
            log.log(System.Logger.Level.WARNING, "web console refused a request from {0} for host ''{1}'': not localhost, loopback, a served domain "
                    + "or allowed.hosts of etc/xmpp.webconsole.cfg (a page that rebound its name to this machine, or a name to add there)", address, host);
            return new Forbidden("the console is not served under this host name");
        }
        Optional<String[]> credentials = basic(authorization);
        if (credentials.isEmpty()) return new Challenge();
        Optional<Jid> remembered = verified.admin(authorization);
        if (remembered.isPresent()) return new Admin(remembered.get());
        String username = credentials.get()[0];
        Optional<Jid> jid = bareJid(username);
        // The throttle's key: user@host/1, User@Host and user@host are one account.
        String account = jid.map(Jid::toString).orElse(username.toLowerCase(Locale.ROOT));
        // Everyone on this machine comes from loopback: one user's failures there must not lock the admins out.
        boolean addressLimited = !(IpLiterals.isLoopback(address) && jid.filter(admins::contains).isPresent());
        Optional<Duration> wait = throttle.tryAcquire(address, account, addressLimited);
        if (wait.isPresent()) {
            log.log(System.Logger.Level.WARNING, "web console login for {0} from {1} throttled for {2} s after too many failures "
                    + "(max.failures.* in etc/xmpp.webconsole.cfg)", username, address, wait.get().toSeconds() + 1);
            return new Throttled(wait.get());
        }
        if (jid.isEmpty()) return failed("web console login from {1} failed: ''{0}'' is no JID (log in as user@domain)", username, address);
        boolean right;
        try {
            right = !jid.get().localpart().isEmpty() && accounts.checkPassword(jid.get(), credentials.get()[1]);
        } catch (AuthException e) {
            throttle.released(address, account);
            log.log(System.Logger.Level.ERROR, "web console login for {0} from {1} not checked: {2}", jid.get(), address, e.getMessage());
            return new Unavailable("the accounts cannot be checked now");
        }
        if (!right) return failed("web console login for {0} from {1} failed: unknown account or wrong password", username, address);
        throttle.succeeded(address, account);
        if (!admins.contains(jid.get())) {
            log.log(System.Logger.Level.WARNING, "web console refused {0} from {1}: not in admins of etc/xmpp.mod.admin.cfg", jid.get(), address);
            return new Forbidden(jid.get() + " is not an admin of this server");
        }
        verified.remember(authorization, jid.get());
        return new Admin(jid.get());
    }

    private static Optional<Jid> bareJid(String username) {
        try {
            return Optional.of(Jid.of(username).bare());
        } catch (JidFormatException e) {
            return Optional.empty();
        }
    }

    /** The try stays counted as a failure. */
    private static Outcome failed(String message, String username, String address) {
        log.log(System.Logger.Level.WARNING, message, username, address);
        return new Challenge();
    }

    /** user and password of a Basic header, split at the first colon (RFC 7617: the user-id has none). */
    private static Optional<String[]> basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return Optional.empty();
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon <= 0 ? Optional.empty() : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }
}
