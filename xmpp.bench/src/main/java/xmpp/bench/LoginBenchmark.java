package xmpp.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import xmpp.c2s.internal.RawClient;
import xmpp.c2s.internal.Settings;
import xmpp.c2s.internal.TestServer;
import xmpp.core.xml.Element;

/**
 * A SASL PLAIN login, from {@code <auth/>} to the server's answer, over a socket to a listener
 * in this JVM with H2 accounts and 4096 PBKDF2 iterations (the shipped default). The answer for
 * an unknown user must take as long as for a known one, or its timing tells which accounts
 * exist: compare the medians (p0.50) of {@code unknownUser} and {@code knownUser}, the baseline.
 * {@code knownUser} logs in on a fresh connection each time (opened outside the measurement);
 * {@code knownUserWrongPassword} and {@code unknownUser} fail, on one connection that may fail
 * without limit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class LoginBenchmark {

    private final Logger quiet = Logger.getLogger("xmpp");   // held: every failed login logs a line
    private TestServer server;
    private int port;

    @Setup
    public void start() throws Exception {
        quiet.setLevel(java.util.logging.Level.WARNING);
        server = new TestServer();
        Settings s = TestServer.settings();
        port = server.listen(new Settings(s.address(), 0, false, true, true, s.maxStanzaBytes(), Duration.ofHours(1),
                Integer.MAX_VALUE, s.maxConnections(), s.maxUnauthenticatedPerIp(), Integer.MAX_VALUE, s.failedLoginsWindow(),
                s.maxQueuedStanzas(), s.maxQueuedBytes(), s.keepalive(), s.writeTimeout())).port();
    }

    @TearDown
    public void stop() {
        server.close();
    }

    /** A connection at its first stream's features: plain text is allowed from loopback, as shipped. */
    private RawClient streamOpened() throws Exception {
        RawClient client = RawClient.connect(port);
        client.openStream("localhost");
        return client;
    }

    /** One connection for every failed login of a thread. */
    @State(Scope.Thread)
    public static class OpenConnection {
        RawClient client;

        @Setup
        public void open(LoginBenchmark bench) throws Exception {
            client = bench.streamOpened();
        }

        @TearDown
        public void close() throws Exception {
            client.close();
        }
    }

    /** A new connection for each login: a successful one ends negotiation on its connection. */
    @State(Scope.Thread)
    public static class FreshConnection {
        RawClient client;

        @Setup(Level.Invocation)
        public void open(LoginBenchmark bench) throws Exception {
            client = bench.streamOpened();
        }

        @TearDown(Level.Invocation)
        public void close() throws Exception {
            client.close();
        }
    }

    @Benchmark
    public Element knownUser(FreshConnection c) throws Exception {
        return expect("success", c.client.plain("romeo", "pencil"));
    }

    @Benchmark
    public Element knownUserWrongPassword(OpenConnection c) throws Exception {
        return expect("failure", c.client.plain("romeo", "guess"));
    }

    @Benchmark
    public Element unknownUser(OpenConnection c) throws Exception {
        return expect("failure", c.client.plain("nobody", "guess"));
    }

    private static Element expect(String answer, Element e) {
        if (!e.name().equals(answer)) throw new IllegalStateException("expected " + answer + ", got " + e);
        return e;
    }
}
