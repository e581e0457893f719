package xmpp.mod.upload.internal;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import xmpp.core.auth.AccountListener;
import xmpp.core.jid.Jid;
import xmpp.core.route.Disco;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.Stanzas;
import xmpp.core.xml.Element;

/**
 * XEP-0363 HTTP file upload: a service at {@code upload.<domain>} for each served domain that
 * grants slots, and the endpoint at {@code path} of the server's HTTP service (a whiteboard
 * servlet) that takes and serves the files, stored in {@code <data>/<dir>}. Files expire after
 * {@code expiry.s}; an account's files go with the account.
 */
@Component(service = AccountListener.class, configurationPid = "xmpp.mod.upload", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = UploadModule.Config.class, factory = true)
public final class UploadModule implements xmpp.core.route.Component, AccountListener {

    private static final System.Logger log = System.getLogger(UploadModule.class.getName());
    private static final String HTTPS_PID = "xmpp.http";
    private static final int DEFAULT_HTTPS_PORT = 5443;

    @ObjectClassDefinition(name = "XMPP module: HTTP file upload", description = "XEP-0363: upload slots and the HTTP endpoint that takes and serves the files.")
    @interface Config {
        @AttributeDefinition(required = false, description = "The service's domain. Empty: upload.<domain> for every served domain.")
        String host() default "";

        @AttributeDefinition(required = false, description = "The endpoint's address as clients reach it, e.g. https://xmpp.example.org:5443/upload. "
                + "Empty: https://<primary domain>:<the HTTPS port of etc/xmpp.http.cfg><path>.")
        String url() default "";

        @AttributeDefinition(description = "Path of the endpoint on the server's HTTP service.")
        String path() default "/upload";

        @AttributeDefinition(description = "Folder of the files, in the data folder unless absolute; one per service configuration.")
        String dir() default "upload";

        @AttributeDefinition(description = "Largest file, in bytes; announced in disco#info as max-file-size.")
        long max_file_bytes() default 104857600;

        @AttributeDefinition(description = "Bytes one user may have stored (and promised to uploads in progress) at once.")
        long quota_bytes() default 1073741824;

        @AttributeDefinition(description = "Seconds a file is kept after its upload.")
        long expiry_s() default 2592000;

        @AttributeDefinition(description = "Seconds a slot may wait for its PUT.")
        long slot_timeout_s() default 300;
    }

    private final Router router;
    private final Uploads uploads;
    private final SlotRequests requests;
    private final ScheduledExecutorService expiry;
    private final ServiceRegistration<xmpp.core.route.Component> route;
    private final ServiceRegistration<Servlet> endpoint;

    // The route and the servlet are registered here, not by DS: the route's domains come from the
    // served domains, and the servlet's path from the configuration.
    @Activate
    public UploadModule(Config config, BundleContext context, @Reference Router router, @Reference Hosts hosts,
                        @Reference ConfigurationAdmin configAdmin) throws IOException {
        this.router = router;
        String data = context.getProperty("xmpp.data");
        Path dir = Path.of(data == null || data.isBlank() ? "data" : data).resolve(config.dir().strip()).toAbsolutePath();
        uploads = new Uploads(new DiskFileStore(dir), new Uploads.Limits(config.max_file_bytes(), config.quota_bytes(),
                Duration.ofSeconds(config.expiry_s()), Duration.ofSeconds(config.slot_timeout_s())), Clock.systemUTC());
        String path = "/" + config.path().strip().replaceAll("^/+|/+$", "");
        String base = config.url().isBlank() ? "https://" + hosts.all().stream().findFirst().orElse("localhost") + ":" + httpsPort(configAdmin) + path
                : config.url().strip().replaceAll("/+$", "");
        requests = new SlotRequests(uploads, slot -> base + "/" + Uploads.path(slot));

        expiry = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("upload-expiry").factory());
        long every = Math.max(1, Math.min(3600, config.expiry_s()));
        expiry.scheduleWithFixedDelay(this::expire, 0, every, TimeUnit.SECONDS);

        Hashtable<String, Object> servlet = new Hashtable<>();
        servlet.put("osgi.http.whiteboard.servlet.pattern", path + "/*");
        servlet.put("osgi.http.whiteboard.servlet.name", "xmpp-upload");
        endpoint = context.registerService(Servlet.class, new UploadServlet(uploads), servlet);

        String[] domains = config.host().isBlank()
                ? hosts.all().stream().map(h -> "upload." + h).sorted().toArray(String[]::new)
                : new String[] {config.host().strip()};
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(xmpp.core.route.Component.ROUTE, domains);
        props.put(Disco.IDENTITY, "store/file/HTTP File Upload");
        props.put(Disco.FEATURE, SlotRequests.NS);
        props.put(Disco.SELF_ANSWERED, true);   // its disco#info carries the size limit (XEP-0128)
        route = context.registerService(xmpp.core.route.Component.class, this, props);
        log.log(System.Logger.Level.INFO, "file upload at {0}, files in {1}, up to {2} bytes each", base, dir, String.valueOf(config.max_file_bytes()));
    }

    /** The port of the server's HTTPS listener (etc/xmpp.http.cfg), which the default address names. */
    private static int httpsPort(ConfigurationAdmin configAdmin) {
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + HTTPS_PID + ")");
            Object port = found == null || found[0].getProperties() == null ? null : found[0].getProperties().get("port");
            return port == null ? DEFAULT_HTTPS_PORT : Integer.parseInt(port.toString().strip());
        } catch (IOException | InvalidSyntaxException | NumberFormatException e) {
            log.log(System.Logger.Level.WARNING, "cannot read the HTTPS port from etc/xmpp.http.cfg ({0}); upload slots name port {1}; set url in "
                    + "etc/xmpp.mod.upload-default.cfg", e.getMessage(), String.valueOf(DEFAULT_HTTPS_PORT));
            return DEFAULT_HTTPS_PORT;
        }
    }

    @Deactivate
    void deactivate() {
        route.unregister();
        endpoint.unregister();
        expiry.shutdownNow();
    }

    @Override
    public void route(Jid from, Jid to, Element stanza) {
        if (!stanza.name().equals("iq") || Stanzas.isError(stanza) || !(stanza.attr("type").equals("get") || stanza.attr("type").equals("set")))
            return;   // results, errors, messages and presence are nothing the service answers
        Element reply = to.localpart().isEmpty() && to.resourcepart().isEmpty()
                ? requests.handle(from, stanza)
                : Stanzas.errorReply(stanza, StanzaError.of(StanzaError.Condition.SERVICE_UNAVAILABLE, "the service has no entities below its domain"));
        router.route(to, from, reply);
    }

    @Override
    public void deleted(Jid account) {
        int n = uploads.deleteAll(account);
        if (n > 0) log.log(System.Logger.Level.INFO, "deleted {0} uploaded files of {1} with the account", n, account);
    }

    private void expire() {
        try {
            int n = uploads.expire();
            if (n > 0) log.log(System.Logger.Level.INFO, "{0} uploaded files expired and were deleted", n);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "the expiry run of uploaded files failed: {0}; it runs again later", e.toString());
        }
    }
}
