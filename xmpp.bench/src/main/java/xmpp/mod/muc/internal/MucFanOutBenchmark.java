package xmpp.mod.muc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
import xmpp.bench.RoutingBenchmark.Sink;
import xmpp.core.jid.Jid;
import xmpp.core.storage.ArchivePage;
import xmpp.core.storage.ArchiveQuery;
import xmpp.core.storage.ArchivedMessage;
import xmpp.core.storage.MessageArchive;
import xmpp.core.storage.RoomStore;
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
import xmpp.storage.jdbc.internal.Database;
import xmpp.storage.jdbc.internal.JdbcMessageArchive;

/**
 * A groupchat message in a room of {@code occupants} local users, fanned out through the real
 * router to each occupant's session, in-process. The baseline of the same run,
 * {@code oneToOneToEach}, routes one chat message to each of the same sessions: as many
 * deliveries, without the room. With {@code archive=h2} the room keeps its archive (XEP-0313) in
 * the shipped store on an H2 file database of its own, as the default server does; {@code none}
 * measures the fan-out alone. Lives in the module's package because the service is internal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class MucFanOutBenchmark {

    @Param({"100"})
    public int occupants;

    @Param({"none", "h2"})
    public String archive;

    private XmppRouter router;
    private MucService service;
    private final List<Jid> users = new ArrayList<>();
    private Jid room;
    private Element groupchat;
    private Element chat;
    private Path folder;
    private Database database;

    @Setup
    public void setUp(Blackhole hole) throws Exception {
        ServerConfig config = ServerConfigs.of("localhost");
        router = new XmppRouter(config, new IqDispatcher(config), new HookRunner(), new SessionListeners(), new InMemoryRouteTable(),
                new InMemorySessionTable());
        RoomStore nowhere = new RoomStore() {
            @Override public Map<Jid, Element> rooms(String serviceDomain) { return Map.of(); }
            @Override public void put(Jid room, Element state) { }
            @Override public void delete(Jid room) { }
        };
        boolean archiving = archive.equals("h2");
        MessageArchive store = archiving ? h2Archive() : new MessageArchive() {
            @Override public void append(List<ArchivedMessage> messages) { }
            @Override public ArchivePage query(Jid archive, ArchiveQuery query) { return new ArchivePage(List.of(), true, 0); }
            @Override public boolean contains(Jid archive, long id) { return false; }
            @Override public int deleteBefore(Instant cutoff) { return 0; }
            @Override public void delete(Jid archive) { }
        };
        service = new MucService(Jid.of("conference.localhost"), router,
                new MucService.Settings("Chat rooms", MucService.Creators.LOCAL, Set.of(), 0, 0, 50, 20, 0, archiving),
                "localhost"::equals, Clock.systemUTC(), nowhere, store);
        room = Jid.of("bench@conference.localhost");
        for (int i = 0; i < occupants; i++) {
            Jid user = Jid.of("u" + i + "@localhost/r");
            users.add(user);
            Sink session = new Sink(user, hole);
            router.bind(session);
            router.presence(session, XmlStreams.parseElement("<presence from='" + user + "'/>"));
            Jid nick = room.withResource("u" + i);
            service.route(user, nick, XmlStreams.parseElement("<presence from='" + user + "' to='" + nick + "'>"
                    + "<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>"));
            if (i == 0)
                service.route(user, room, XmlStreams.parseElement("<iq type='set' id='c' from='" + user + "' to='" + room + "'>"
                        + "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>"));
        }
        if (service.occupancy().get(room.toString()) != occupants) throw new IllegalStateException("not everyone joined: " + service.occupancy());
        groupchat = XmlStreams.parseElement("<message from='" + users.getFirst() + "' to='" + room + "' type='groupchat' id='g1'>"
                + "<body>Wherefore art thou, Romeo?</body></message>");
        chat = XmlStreams.parseElement("<message from='" + users.getFirst() + "' type='chat' id='c1'><body>Wherefore art thou, Romeo?</body></message>");
    }

    private MessageArchive h2Archive() throws IOException {
        folder = Files.createTempDirectory("muc-bench");
        String url = "jdbc:h2:file:" + folder.resolve("archive");
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        database = new Database(url, ds, 4, 5_000, 4096);
        return new JdbcMessageArchive(database);
    }

    @TearDown
    public void tearDown() throws IOException {
        service.shutDown();   // writes what the archive still has queued
        if (database == null) return;
        database.close();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    @Benchmark
    public void roomMessage() {
        service.route(users.getFirst(), room, groupchat);
    }

    @Benchmark
    public void oneToOneToEach() {
        Jid from = users.getFirst();
        for (Jid to : users) router.route(from, to, chat);
    }
}
