package xmpp.shell.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * The shell of a running server for scripts and service managers: {@code bin/xmppctl} connects
 * to 127.0.0.1, sends the token from {@code <data>/console.token} (readable by the server's
 * user only) and one command line, and gets what the Gogo shell would print. Lines after the
 * command are its input. Whoever has the token runs code as the server (Gogo installs
 * bundles), so nothing but a bounded line is read before the token is checked, and only
 * {@code maxConnections} clients are served at once.
 */
final class ConsoleServer implements AutoCloseable {

    private static final System.Logger log = System.getLogger(ConsoleServer.class.getName());
    static final String TOKEN_FILE = "console.token";
    // Read before the client is known: a token is 48 characters, so a longer first line is
    // refused as soon as it passes this, however long it would have grown.
    private static final int MAX_TOKEN_LINE = 128;
    private static final int MAX_COMMAND_LINE = 64 * 1024;
    // What is read and dropped after refusing a line, so that the client gets the answer
    // rather than a reset of a connection closed with data unread.
    private static final int MAX_DRAINED = 64 * 1024;
    private static final int DRAIN_TIMEOUT_MILLIS = 1_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final CommandProcessor shell;
    private final byte[] token;
    private final ServerSocket server;
    private final int maxConnections;
    private final Semaphore connections;

    ConsoleServer(Path data, InetSocketAddress address, int maxConnections, CommandProcessor shell) throws IOException {
        this.shell = shell;
        this.maxConnections = maxConnections;
        connections = new Semaphore(maxConnections);
        Files.createDirectories(data);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        token = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
        PrivateFile.write(data.resolve(TOKEN_FILE), token);
        server = new ServerSocket();
        try {
            server.bind(address);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address + " (" + e.getMessage() + "); set another port in etc/xmpp.console.cfg", e);
        }
        Thread.ofPlatform().daemon().name("xmpp-console").start(this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (connections.tryAcquire()) {
                    Thread.ofVirtual().name("xmpp-console-client").start(() -> {
                        try {
                            answer(client);
                        } finally {
                            connections.release();
                        }
                    });
                } else {
                    refuse(client);
                }
            } catch (IOException e) {
                if (!server.isClosed()) log.log(System.Logger.Level.WARNING, "console: {0}", e.getMessage());
            }
        }
    }

    /** Answers on the accepting thread: a short line to a new connection is sent without waiting. */
    private void refuse(Socket client) {
        log.log(System.Logger.Level.WARNING, "console: refused a connection, {0} are open already; "
                + "raise max.connections in etc/xmpp.console.cfg if scripts need more at once", maxConnections);
        try (client) {
            client.getOutputStream().write(("error: too many console connections (" + maxConnections + "); try again\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "console client: {0}", e.getMessage());
        }
    }

    private static void drain(Socket client, InputStream in) throws IOException {
        client.setSoTimeout(DRAIN_TIMEOUT_MILLIS);
        try {
            in.readNBytes(MAX_DRAINED);
        } catch (SocketTimeoutException enough) {
            // what was in flight has arrived by now
        }
    }

    private void answer(Socket client) {
        try (client; OutputStream out = client.getOutputStream()) {
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = new BufferedInputStream(client.getInputStream());
            String given;
            try {
                given = BoundedLine.read(in, MAX_TOKEN_LINE);
            } catch (BoundedLine.TooLong e) {
                log.log(System.Logger.Level.WARNING, "console: refused a client whose first line runs past {0} bytes, longer than any console token",
                        MAX_TOKEN_LINE);
                out.write("error: the first line must be the console token\n".getBytes(StandardCharsets.UTF_8));
                client.shutdownOutput();
                drain(client, in);
                return;
            }
            if (given == null || !MessageDigest.isEqual(given.strip().getBytes(StandardCharsets.US_ASCII), token)) {
                out.write("error: wrong console token\n".getBytes(StandardCharsets.UTF_8));
                log.log(System.Logger.Level.WARNING, "console: a client with a wrong token was refused");
                return;
            }
            String command = BoundedLine.read(in, MAX_COMMAND_LINE);
            // What follows the command line is the command's input: a password given there is never in a command line.
            out.write(run(command == null ? "" : command, in).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.log(System.Logger.Level.DEBUG, "console client: {0}", e.getMessage());
        }
    }

    /** Runs one command line as the Gogo shell would; the result, or "error: ..." and a line for the exit status. */
    String run(String command, InputStream keyboard) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (CommandSession session = shell.createSession(keyboard, ps, ps)) {
            Object result = session.execute(command);
            if (result != null) ps.println(session.format(result, Converter.INSPECT));
            ps.flush();
            return printed.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            ps.flush();
            // Gogo wraps what a command threw; the operator wants the command's own failure.
            Throwable cause = e instanceof InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException || cause instanceof Error) {
                // Not a failure the command reports itself: a defect, with its stack trace (only the command's
                // first word: the rest may be a password).
                System.getLogger(ConsoleServer.class.getName()).log(System.Logger.Level.WARNING,
                        "console command " + command.strip().split("\\s+", 2)[0] + " failed: " + cause, cause);
            }
            return printed.toString(StandardCharsets.UTF_8) + "error: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()) + "\n";
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
