package xmpp.router.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import xmpp.core.jid.Jid;
import xmpp.core.route.StanzaHook;
import xmpp.core.storage.ArchiveQuery;
import xmpp.core.storage.StorageException;
import xmpp.mod.mam.internal.ArchiveWriter;
import xmpp.mod.mam.internal.Archiver;
import xmpp.mod.mam.internal.MamConfig;
import xmpp.mod.mam.internal.PreferenceBook;
import xmpp.mod.mam.internal.ReceivedArchiving;
import xmpp.mod.mam.internal.SentArchiving;
import xmpp.storage.jdbc.internal.Database;
import xmpp.storage.jdbc.internal.JdbcMessageArchive;
import xmpp.storage.jdbc.internal.JdbcPrivateXmlStore;
import xmpp.storage.jdbc.internal.JdbcRosterStore;

/**
 * The message archive (xmpp.mod.mam, shipped defaults, on an H2 file database of its own) put
 * on the router of a load test's server, as the module's hooks sit in the running server: what
 * {@code bin/load ... mam} measures. The load test's server is xmpp.c2s's test server, which
 * keeps its hook runner to itself; this reaches it by reflection rather than change that class.
 */
public final class LoadArchive implements AutoCloseable {

    private final Database database;
    private final JdbcMessageArchive archive;

    private LoadArchive(Database database) {
        this.database = database;
        this.archive = new JdbcMessageArchive(database);
    }

    public static LoadArchive attach(XmppRouter router, Path folder) throws ReflectiveOperationException {
        String url = "jdbc:h2:file:" + folder.resolve("archive");
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        LoadArchive load = new LoadArchive(new Database(url, ds, 4, 5_000, 4096));
        MamConfig defaults = defaults();
        ArchiveWriter writer = new ArchiveWriter(defaults, load.archive);
        Archiver archiver = new Archiver(writer, new PreferenceBook(defaults, new JdbcPrivateXmlStore(load.database)), new JdbcRosterStore(load.database));
        HookRunner hooks = hooksOf(router);
        hooks.addHook(new SentArchiving(archiver), Map.of(StanzaHook.POINT, StanzaHook.USER_SEND_PACKET, "service.ranking", 100));
        hooks.addHook(new ReceivedArchiving(archiver),
                Map.of(StanzaHook.POINT, List.of(StanzaHook.USER_RECEIVE_PACKET, StanzaHook.OFFLINE_MESSAGE), "service.ranking", 100));
        return load;
    }

    /** Messages in the archives of {@code accounts}, all together. */
    public long archived(List<Jid> accounts) throws StorageException {
        long n = 0;
        for (Jid a : accounts) n += archive.query(a, ArchiveQuery.first(0)).count();
        return n;
    }

    private static HookRunner hooksOf(XmppRouter router) throws ReflectiveOperationException {
        Field sessions = XmppRouter.class.getDeclaredField("sessions");
        sessions.setAccessible(true);
        Field hooks = LocalSessions.class.getDeclaredField("hooks");
        hooks.setAccessible(true);
        return (HookRunner) hooks.get(sessions.get(router));
    }

    private static MamConfig defaults() {
        return new MamConfig() {
            @Override public String xmpp_host() { return "*"; }
            @Override public String default_mode() { return "always"; }
            @Override public int retention_days() { return 0; }
            @Override public int retention_check_minutes() { return 60; }
            @Override public long queue_bytes() { return 64L << 20; }
            @Override public int writer_threads() { return 2; }
            @Override public int batch_size() { return 500; }
            @Override public int max_page() { return 250; }
            @Override public int default_page() { return 50; }
            @Override public Class<? extends Annotation> annotationType() { return MamConfig.class; }
        };
    }

    @Override
    public void close() {
        database.close();
    }
}
