package xmpp.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import xmpp.core.jid.Jid;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.Subscription;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;
import xmpp.mod.presence.internal.DirectedPresence;
import xmpp.mod.presence.internal.PresenceBroadcast;
import xmpp.router.internal.HookRunner;
import xmpp.router.internal.InMemoryRouteTable;
import xmpp.router.internal.InMemorySessionTable;
import xmpp.router.internal.IqDispatcher;
import xmpp.router.internal.ServerConfig;
import xmpp.router.internal.ServerConfigs;
import xmpp.router.internal.SessionListeners;
import xmpp.router.internal.XmppRouter;
import xmpp.storage.jdbc.internal.Database;
import xmpp.storage.jdbc.internal.JdbcRosterStore;

/**
 * A presence change of a user whose {@code contacts} subscribers are all online: the session
 * manager, the presence module and its roster read from H2, then one delivery per contact.
 * {@code routeToEachContact} is the baseline of the same run: the same presences routed
 * without looking at a roster. The ratio is what knowing who to tell costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class PresenceBenchmark {

    @Param({"10", "100"})
    public int contacts;

    private XmppRouter router;
    private Database database;
    private RoutingBenchmark.Sink romeo;
    private final List<Jid> contactJids = new ArrayList<>();
    private Element away;
    private Element back;
    private boolean flip;

    @Setup
    public void setUp(Blackhole hole) throws Exception {
        ServerConfig config = ServerConfigs.of("localhost");
        SessionListeners listeners = new SessionListeners();
        router = new XmppRouter(config, new IqDispatcher(config), new HookRunner(), listeners, new InMemoryRouteTable(), new InMemorySessionTable());
        JdbcDataSource ds = new JdbcDataSource();
        String url = "jdbc:h2:file:" + Files.createTempDirectory("xmpp-bench-presence").resolve("xmpp");
        ds.setURL(url);
        database = new Database(url, ds, 4, 5_000, 4096);
        JdbcRosterStore rosters = new JdbcRosterStore(database);
        listeners.addListener(new PresenceBroadcast(rosters, router, router, new DirectedPresence()), Map.of("service.id", 1L));

        romeo = sink("romeo@localhost/orchard", hole);
        for (int i = 0; i < contacts; i++) {
            Jid contact = Jid.of("friend" + i + "@localhost");
            rosters.put(romeo.jid().bare(), RosterItem.of(contact, "", Set.of()).withSubscription(Subscription.BOTH, false, false));
            sink(contact + "/phone", hole);
            contactJids.add(contact);
        }
        router.presence(romeo, XmlStreams.parseElement("<presence from='romeo@localhost/orchard'/>"));   // initial: later ones are updates
        away = XmlStreams.parseElement("<presence from='romeo@localhost/orchard'><show>away</show></presence>");
        back = XmlStreams.parseElement("<presence from='romeo@localhost/orchard'/>");
    }

    private RoutingBenchmark.Sink sink(String jid, Blackhole hole) throws Exception {
        RoutingBenchmark.Sink s = new RoutingBenchmark.Sink(Jid.of(jid));
        s.hole = hole;
        router.bind(s);
        router.presence(s, XmlStreams.parseElement("<presence from='" + jid + "'/>"));
        return s;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        database.close();
    }

    @Benchmark
    public void presenceChange() {
        flip = !flip;
        router.presence(romeo, flip ? away : back);
    }

    @Benchmark
    public void routeToEachContact() {
        flip = !flip;
        Element p = flip ? away : back;
        for (Jid contact : contactJids) router.route(romeo.jid(), contact, p.withAttr("to", contact.toString()));
    }
}
