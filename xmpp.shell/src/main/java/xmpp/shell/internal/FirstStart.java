package xmpp.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;
import xmpp.core.spi.storage.UserStore;
import xmpp.core.storage.StorageException;

/**
 * On the first start (no account on the primary, first configured, domain), creates {@code admin@<domain>}
 * with a random password, shown once on the terminal; without a terminal (a service manager, whose
 * journal keeps what it is given) it goes to {@code data/admin.password}, readable by the server's
 * user only. {@code XMPP_ADMIN_PASSWORD} sets it instead.
 */
@Component(immediate = true)
public final class FirstStart {

    private static final System.Logger log = System.getLogger(FirstStart.class.getName());
    static final String PASSWORD_FILE = "admin.password";
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    @Activate
    public FirstStart(@Reference UserStore users, @Reference Hosts hosts, BundleContext context) {
        this(users, hosts, DataFolder.of(context), terminal());
    }

    /** @param terminal where a person reads the password now, or null */
    FirstStart(UserStore users, Hosts hosts, Path data, PrintStream terminal) {
        String host = hosts.all().stream().findFirst().orElse("localhost");   // the primary domain
        try {
            if (users.count(host) > 0) return;
            String given = System.getenv("XMPP_ADMIN_PASSWORD");
            boolean made = given == null || given.isBlank();
            String password = made ? randomPassword() : given;
            Jid admin = Jid.of("admin", host, "");
            if (!users.create(admin, password)) return;
            if (made) tell(admin, password, data, terminal);
            else System.out.println("created account " + admin + " with the password in XMPP_ADMIN_PASSWORD");
            log.log(System.Logger.Level.INFO, "first start: created account {0}", admin);
        } catch (StorageException e) {
            log.log(System.Logger.Level.ERROR, "cannot create the first account: {0}", e.getMessage());
        }
    }

    /** Standard output when a terminal shows it; a journal or a file keeps it, so then none. */
    private static PrintStream terminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal() ? System.out : null;
    }

    private static void tell(Jid admin, String password, Path data, PrintStream terminal) {
        if (terminal != null) {
            terminal.println("created account " + admin + " with password " + password
                    + "   (shown this once; change it: xmpp:users passwd " + admin + ")");
            return;
        }
        Path file = data.resolve(PASSWORD_FILE);
        try {
            Files.createDirectories(data);
            PrivateFile.write(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
            log.log(System.Logger.Level.INFO, "first start: the password of {0} is in {1}, readable by the server''s user only; "
                    + "read it, then delete the file (or set another: bin/xmppctl xmpp:users passwd {0})", admin, file);
        } catch (IOException e) {
            log.log(System.Logger.Level.ERROR, "first start: created {0} but cannot keep its password: {1}; "
                    + "set one with bin/xmppctl xmpp:users passwd {0}", admin, e.getMessage());
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return sb.toString();
    }
}
