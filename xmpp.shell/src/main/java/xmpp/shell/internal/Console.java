package xmpp.shell.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** The loopback console for {@code bin/xmppctl}, as configured in {@code etc/xmpp.console.cfg}; port 0 turns it off. */
@Component(immediate = true, configurationPid = "xmpp.console", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsoleConfig.class)
public final class Console {

    private static final System.Logger log = System.getLogger(Console.class.getName());

    private final ConsoleServer server;

    @Activate
    public Console(ConsoleConfig config, BundleContext context, @Reference CommandProcessor shell) throws IOException {
        if (config.port() == 0) {
            server = null;
            return;
        }
        server = new ConsoleServer(DataFolder.of(context), new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()),
                config.max_connections(), shell);
        log.log(System.Logger.Level.INFO, "console on 127.0.0.1:{0} for bin/xmppctl", String.valueOf(config.port()));
    }

    @Deactivate
    void close() throws IOException {
        if (server != null) server.close();
    }
}
