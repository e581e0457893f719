package xmpp.auth.external.internal;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import xmpp.core.auth.AuthException;

/**
 * One running instance of the operator's program, spoken to as ejabberd does: a request is a
 * 2-byte big-endian length and the UTF-8 text, an answer is 2 bytes of length (always 2) and 2
 * bytes of result. Used by one request at a time (the pool sees to that).
 */
final class ExternalProgram {

    private static final System.Logger log = System.getLogger(ExternalProgram.class.getName());

    private final List<String> command;
    private final Process process;
    private final DataOutputStream in;
    private final DataInputStream out;

    ExternalProgram(List<String> command) throws IOException {
        this.command = command;
        this.process = new ProcessBuilder(command).start();
        this.in = new DataOutputStream(process.getOutputStream());
        this.out = new DataInputStream(process.getInputStream());
        Thread.ofVirtual().name("extauth-stderr").start(this::relayErrors);
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Sends {@code request} and reads the answer, killing the program if it takes longer than
     * {@code timeout}. {@code what} names the request in messages without its password.
     */
    boolean ask(String request, String what, Duration timeout, ScheduledExecutorService timer) throws AuthException {
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) throw new AuthException(what + ": request longer than the protocol's 65535 bytes");
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = timer.schedule(() -> {
            timedOut.set(true);
            process.destroyForcibly();   // unblocks the read below
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            in.writeShort(bytes.length);
            in.write(bytes);
            in.flush();
            int length = out.readUnsignedShort();
            int result = out.readUnsignedShort();
            if (length != 2 || result > 1) {
                process.destroyForcibly();   // out of step with the protocol: nothing it says next can be trusted
                throw new AuthException(what + ": auth program " + command.getFirst() + " answered length " + length
                        + " and result " + result + " (the protocol is length 2, result 0 or 1); restarting it");
            }
            return result == 1;
        } catch (IOException e) {
            if (timedOut.get())
                throw new AuthException(what + ": auth program " + command.getFirst() + " did not answer within "
                        + timeout.toMillis() + " ms; killed, it restarts for the next request");
            throw new AuthException(what + ": auth program " + command.getFirst() + " " + ended(e) + "; it restarts for the next request", e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private String ended(IOException e) {
        try {
            if (process.waitFor(200, TimeUnit.MILLISECONDS)) return "exited with status " + process.exitValue();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return e instanceof EOFException ? "closed its output" : "failed: " + e.getMessage();
    }

    /** The program's stderr goes to the server's log, a line each: that is where its authors will look. */
    private void relayErrors() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine())
                log.log(System.Logger.Level.WARNING, "auth program {0}: {1}", command.getFirst(), line);
        } catch (IOException e) {
            // the program is gone; its exit is reported by the request that noticed
        }
    }

    void stop() {
        try {
            in.close();   // a well-behaved program exits when its input ends
            if (!process.waitFor(1, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
