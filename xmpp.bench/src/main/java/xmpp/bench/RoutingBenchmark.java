package xmpp.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;
import xmpp.router.internal.HookRunner;
import xmpp.router.internal.InMemoryRouteTable;
import xmpp.router.internal.InMemorySessionTable;
import xmpp.router.internal.IqDispatcher;
import xmpp.router.internal.ServerConfig;
import xmpp.router.internal.ServerConfigs;
import xmpp.router.internal.SessionListeners;
import xmpp.router.internal.XmppRouter;

/**
 * Routing a message between two local sessions, in-process, no sockets: the router's own
 * cost. {@code handOff} is the baseline of the same run (the stanza handed straight to the
 * session), so results compare as ratios on a noisy machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class RoutingBenchmark {

    private XmppRouter router;
    private IqDispatcher iqs;
    private Sink juliet;
    private Jid romeoJid;
    private Jid julietFull;
    private Jid julietBare;
    private Element message;

    /** A session that hands what it gets to JMH, so nothing is optimized away. */
    public static final class Sink implements Session {
        final Jid jid;
        Blackhole hole;

        public Sink(Jid jid, Blackhole hole) {
            this(jid);
            this.hole = hole;
        }

        Sink(Jid jid) {
            this.jid = jid;
        }

        @Override public Jid jid() { return jid; }
        @Override public void deliver(Element stanza) { hole.consume(stanza); }
        @Override public void close(StreamError error) { }
    }

    @Setup
    public void setUp(Blackhole hole) throws Exception {
        ServerConfig config = ServerConfigs.of("localhost");
        iqs = new IqDispatcher(config);
        router = new XmppRouter(config, iqs, new HookRunner(), new SessionListeners(), new InMemoryRouteTable(), new InMemorySessionTable());
        romeoJid = Jid.of("romeo@localhost/orchard");
        julietFull = Jid.of("juliet@localhost/balcony");
        julietBare = julietFull.bare();
        juliet = new Sink(julietFull);
        juliet.hole = hole;
        Sink other = new Sink(Jid.of("juliet@localhost/garden"));
        other.hole = hole;
        router.bind(juliet);
        router.presence(juliet, XmlStreams.parseElement("<presence from='juliet@localhost/balcony'><priority>5</priority></presence>"));
        router.bind(other);
        router.presence(other, XmlStreams.parseElement("<presence from='juliet@localhost/garden'><priority>1</priority></presence>"));
        message = XmlStreams.parseElement("<message from='romeo@localhost/orchard' to='juliet@localhost/balcony' type='chat' id='b1'>"
                + "<body>Wherefore art thou, Romeo?</body></message>");
    }

    @TearDown
    public void tearDown() {
        router.unbind(juliet);
    }

    @Benchmark
    public void handOff() {
        juliet.deliver(message);
    }

    @Benchmark
    public void toFullJid() {
        router.route(romeoJid, julietFull, message);
    }

    @Benchmark
    public void toBareJid() {
        router.route(romeoJid, julietBare, message);
    }

    @Benchmark
    public void parseJidsAndRouteToFullJid() {
        router.route(Jid.of(message.attr("from")), Jid.of(message.attr("to")), message);
    }
}
