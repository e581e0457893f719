package xmpp.webconsole.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.auth.AccountListener;
import xmpp.core.auth.Accounts;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;
import xmpp.core.route.Hosts;

/**
 * The web console's one security provider. The distribution names its id in
 * {@code felix.webconsole.security.providers}, so the console serves nothing until this is
 * registered, and its built-in admin/admin login never applies. A change of either
 * configuration re-creates it (and its throttle).
 */
@Component(service = {SecurityProvider.class, AccountListener.class}, property = SecurityProvider.PROPERTY_ID + "=" + AccountSecurityProvider.ID,
        configurationPid = {AdminsConfig.PID, WebConsoleConfig.PID}, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class AccountSecurityProvider implements SecurityProvider, AccountListener {

    static final String ID = "xmpp";

    private static final System.Logger log = System.getLogger(AccountSecurityProvider.class.getName());
    private static final String REALM = "XMPP server console (log in as an admin's JID)";

    private final ConsoleLogin login;
    private final VerifiedLogins verified;

    @Activate
    public AccountSecurityProvider(@Reference Accounts accounts, @Reference Hosts hosts, AdminsConfig admins, WebConsoleConfig config) {
        Set<Jid> adminJids = admins(admins.admins());
        if (adminJids.isEmpty())
            log.log(System.Logger.Level.WARNING, "no admins in etc/xmpp.mod.admin.cfg (admins=): nobody can log into the web console");
        SourceAddresses sources;
        try {
            sources = new SourceAddresses(config.allowed_addresses());
        } catch (IllegalArgumentException e) {
            log.log(System.Logger.Level.ERROR, "allowed.addresses in etc/xmpp.webconsole.cfg: {0}; the console is reachable from loopback only until it is fixed",
                    e.getMessage());
            sources = new SourceAddresses(new String[0]);
        }
        LoginThrottle throttle = new LoginThrottle(config.max_failures_per_address(), config.max_failures_per_account(),
                Duration.ofSeconds(config.failure_window_s()), Clock.systemUTC());
        this.verified = new VerifiedLogins(Duration.ofSeconds(config.verified_login_s()), Clock.systemUTC());
        this.login = new ConsoleLogin(accounts, adminJids, sources, new ConsoleHostNames(config.allowed_hosts(), hosts::isServed), throttle, verified);
        log.log(System.Logger.Level.INFO, "web console at /system/console of the HTTP service for {0}, from loopback{1}", adminJids,
                config.allowed_addresses().length == 0 ? "" : " and " + String.join(",", config.allowed_addresses()));
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        // Gate (xmpp.http) has already put the client behind a trusted proxy into getRemoteAddr.
        ConsoleLogin.Outcome outcome = login.decide(request.getRemoteAddr(), request.getHeader("Host"), request.getHeader("Authorization"));
        if (outcome instanceof ConsoleLogin.Admin admin
                && !SameOrigin.allows(request.getMethod(), request.getHeader("Host"), request.getHeader("Origin"), request.getHeader("Referer"))) {
            log.log(System.Logger.Level.WARNING, "web console: a {0} of {1} by {2} from {3} refused: sent by a page of {4}, not of the console "
                    + "(another site acting with the admin''s browser; behind a proxy, let it pass the Host header on)", request.getMethod(),
                    request.getRequestURI(), admin.account(), request.getRemoteAddr(),
                    request.getHeader("Origin") != null ? request.getHeader("Origin") : request.getHeader("Referer"));
            outcome = new ConsoleLogin.Forbidden("this change was sent by a page of another site");
        }
        try {
            switch (outcome) {
                case ConsoleLogin.Admin admin -> {
                    return admin.account();
                }
                case ConsoleLogin.Challenge c -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
                    response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                }
                case ConsoleLogin.Forbidden f -> response.sendError(HttpServletResponse.SC_FORBIDDEN, f.reason());
                case ConsoleLogin.Throttled t -> {
                    response.setHeader("Retry-After", Long.toString(t.retryAfter().toSeconds() + 1));
                    response.sendError(429, "too many failed logins; try again later");
                }
                case ConsoleLogin.Unavailable u -> response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, u.reason());
            }
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "web console client gone before its refusal: {0}", e.getMessage());
        }
        return null;
    }

    @Override
    public void deleted(Jid account) {
        verified.deleted(account);
    }

    /** Every admin may do everything the console offers: the admin list is the one role. */
    @Override
    public boolean authorize(Object user, String role) {
        return user instanceof Jid;
    }

    /** Basic credentials live in the browser, which forgets them when it is closed. */
    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
    }

    private static Set<Jid> admins(String[] configured) {
        Set<Jid> admins = new LinkedHashSet<>();
        for (String a : configured) {
            try {
                if (!a.isBlank()) admins.add(Jid.of(a.strip()).bare());
            } catch (JidFormatException e) {
                log.log(System.Logger.Level.WARNING, "admins in etc/xmpp.mod.admin.cfg: ''{0}'' is no JID, ignored: {1}", a, e.getMessage());
            }
        }
        return admins;
    }
}
