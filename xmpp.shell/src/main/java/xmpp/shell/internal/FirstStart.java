package xmpp.shell.internal;

import java.security.SecureRandom;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;
import xmpp.core.spi.storage.UserStore;
import xmpp.core.storage.StorageException;

/**
 * On the first start (no account on the primary, first configured, domain), creates {@code admin@<domain>}
 * and prints its password once; {@code XMPP_ADMIN_PASSWORD} sets it instead.
 */
@Component(immediate = true)
public final class FirstStart {

    private static final System.Logger log = System.getLogger(FirstStart.class.getName());
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Activate
    public FirstStart(@Reference UserStore users, @Reference Hosts hosts) {
        String host = hosts.all().stream().findFirst().orElse("localhost");   // the primary domain
        try {
            if (users.count(host) > 0) return;
            String given = System.getenv("XMPP_ADMIN_PASSWORD");
            String password = given == null || given.isBlank() ? randomPassword() : given;
            Jid admin = Jid.of("admin", host, "");
            if (!users.create(admin, password)) return;
            System.out.println(given == null || given.isBlank()
                    ? "created account " + admin + " with password " + password + "   (shown this once; change it: xmpp:users passwd " + admin + " <new>)"
                    : "created account " + admin + " with the password in XMPP_ADMIN_PASSWORD");
            log.log(System.Logger.Level.INFO, "first start: created account {0}", admin);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "cannot create the first account: {0}", e.getMessage());
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return sb.toString();
    }
}
