package xmpp.shell.internal;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The shell of a running server for scripts and service managers: {@code bin/xmppctl} connects
 * to 127.0.0.1, sends the token from {@code <data>/console.token} (readable by the server's
 * user only) and one command line, and gets what the Gogo shell would print.
 */
@Component(immediate = true, configurationPid = "xmpp.console", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsoleConfig.class)
public final class Console {

    private static final System.Logger log = System.getLogger(Console.class.getName());

    private final CommandProcessor shell;
    private final byte[] token;
    private final ServerSocket server;

    @Activate
    public Console(ConsoleConfig config, BundleContext context, @Reference CommandProcessor shell) throws IOException {
        this.shell = shell;
        if (config.port() == 0) {
            token = null;
            server = null;
            return;
        }
        Path data = Path.of(context.getProperty("xmpp.data") == null ? "data" : context.getProperty("xmpp.data")).toAbsolutePath();
        Files.createDirectories(data);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        token = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
        Path file = data.resolve("console.token");
        try {
            Files.write(file, token);
        } catch (IOException e) {
            throw new IOException("cannot write " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the data folder's own permissions are all there is
        }
        server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()));
        } catch (IOException e) {
            throw new IOException("cannot listen on 127.0.0.1:" + config.port() + " (" + e.getMessage() + "); set another port in etc/xmpp.console.cfg", e);
        }
        Thread.ofPlatform().daemon().name("xmpp-console").start(this::serve);
        log.log(System.Logger.Level.INFO, "console on 127.0.0.1:{0} for bin/xmppctl", String.valueOf(config.port()));
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> answer(client));
            } catch (IOException e) {
                if (!server.isClosed()) log.log(System.Logger.Level.WARNING, "console: {0}", e.getMessage());
            }
        }
    }

    private void answer(Socket client) {
        try (client; OutputStream out = client.getOutputStream()) {
            client.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String given = in.readLine();
            if (given == null || !MessageDigest.isEqual(given.strip().getBytes(StandardCharsets.US_ASCII), token)) {
                out.write("error: wrong console token\n".getBytes(StandardCharsets.UTF_8));
                log.log(System.Logger.Level.WARNING, "console: a client with a wrong token was refused");
                return;
            }
            String command = in.readLine();
            client.setSoTimeout(0);
            out.write(run(command == null ? "" : command).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "console client: {0}", e.getMessage());
        }
    }

    /** Runs one command line as the Gogo shell would; the result, or "error: ..." and a line for the exit status. */
    String run(String command) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (CommandSession session = shell.createSession(InputStream.nullInputStream(), ps, ps)) {
            Object result = session.execute(command);
            if (result != null) ps.println(session.format(result, org.apache.felix.service.command.Converter.INSPECT));
            ps.flush();
            return printed.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            ps.flush();
            return printed.toString(StandardCharsets.UTF_8) + "error: " + (e.getMessage() == null ? e.toString() : e.getMessage()) + "\n";
        }
    }

    @Deactivate
    void close() throws IOException {
        if (server != null) server.close();
    }
}
