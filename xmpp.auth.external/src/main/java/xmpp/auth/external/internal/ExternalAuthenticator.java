package xmpp.auth.external.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.auth.AuthException;
import xmpp.core.auth.Authenticator;

/**
 * The seed's external authentication: passwords are checked by a program of the operator's,
 * over its stdin and stdout, exactly as ejabberd asks (so ejabberd's extauth scripts work
 * unchanged). One factory configuration per program ({@code etc/xmpp.auth.external-<name>.cfg})
 * names the hosts it serves; there it replaces the internal authenticator. PLAIN only: the
 * program knows passwords, not SCRAM credentials.
 */
@Component(configurationPid = "xmpp.auth.external", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ExternalAuthenticator.Config.class, factory = true)
public final class ExternalAuthenticator implements Authenticator {

    @ObjectClassDefinition(name = "XMPP external authentication")
    @interface Config {
        @AttributeDefinition(description = "The served domains this program authenticates for.")
        String[] xmpp_host();

        @AttributeDefinition(description = "The program and its arguments, separated by spaces, e.g. /usr/bin/python3 /etc/xmpp/auth.py")
        String program();

        @AttributeDefinition(description = "Copies of the program running at once; each takes one request at a time.", min = "1")
        int instances() default 1;

        @AttributeDefinition(description = "Milliseconds the program may take to answer before it is killed and restarted.", min = "100")
        long timeout_ms() default 10_000;

        @AttributeDefinition(description = "Seconds a successful password check is remembered (0: ask every time).", min = "0")
        int cache_s() default 0;

        @AttributeDefinition(description = "Above the internal authenticator's -100, so it wins on its hosts.")
        int service_ranking() default 0;
    }

    private record Remembered(byte[] passwordHash, long until) {
    }

    private final ProgramPool pool;
    private final long cacheNanos;
    private final Map<String, Remembered> cache = new ConcurrentHashMap<>();

    @Activate
    public ExternalAuthenticator(Config config) {
        this(List.of(config.program().strip().split("\\s+")), config.instances(), Duration.ofMillis(config.timeout_ms()),
                Duration.ofSeconds(config.cache_s()));
    }

    ExternalAuthenticator(List<String> command, int instances, Duration timeout, Duration cache) {
        this.pool = new ProgramPool(command, instances, timeout);
        this.cacheNanos = cache.toNanos();
    }

    @Override
    public boolean checkPassword(String user, String host, String password) throws AuthException {
        String key = user + "@" + host;
        Remembered r = cache.get(key);
        if (r != null && r.until() > System.nanoTime() && MessageDigest.isEqual(r.passwordHash(), hash(password))) return true;
        boolean ok = pool.ask("auth:" + user + ":" + host + ":" + password, "auth of " + key);
        if (ok && cacheNanos > 0) cache.put(key, new Remembered(hash(password), System.nanoTime() + cacheNanos));
        if (!ok) cache.remove(key);
        return ok;
    }

    @Override
    public boolean userExists(String user, String host) throws AuthException {
        return pool.ask("isuser:" + user + ":" + host, "isuser of " + user + "@" + host);
    }

    @Override
    public boolean setPassword(String user, String host, String password) throws AuthException {
        cache.remove(user + "@" + host);
        return pool.ask("setpass:" + user + ":" + host + ":" + password, "setpass of " + user + "@" + host);
    }

    @Override
    public boolean tryRegister(String user, String host, String password) throws AuthException {
        return pool.ask("tryregister:" + user + ":" + host + ":" + password, "tryregister of " + user + "@" + host);
    }

    @Override
    public boolean removeUser(String user, String host) throws AuthException {
        cache.remove(user + "@" + host);
        return pool.ask("removeuser:" + user + ":" + host, "removeuser of " + user + "@" + host);
    }

    @Override
    public boolean removeUser(String user, String host, String password) throws AuthException {
        cache.remove(user + "@" + host);
        return pool.ask("removeuser3:" + user + ":" + host + ":" + password, "removeuser3 of " + user + "@" + host);
    }

    int restarts() {
        return pool.restarts();
    }

    /** Only a hash of a remembered password stays in memory. */
    private static byte[] hash(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Deactivate
    void close() {
        pool.close();
    }
}
