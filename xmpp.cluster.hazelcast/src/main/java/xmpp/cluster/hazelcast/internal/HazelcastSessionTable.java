package xmpp.cluster.hazelcast.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.jid.Jid;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.spi.route.SessionTable;

/**
 * The cluster's session table: one entry per account (its bare JID), holding the sessions of
 * every node, so the RFC 6121 delivery rules see all of an account's resources in one read.
 * Ranked above the router's single-node table, which it replaces.
 */
@Component(service = SessionTable.class, property = "service.ranking:Integer=100")
public final class HazelcastSessionTable implements SessionTable {

    static final String MAP = "xmpp.sessions";

    private final CasMap sessions;
    private final String node;
    private final BooleanSupplier serverStopping;

    @Activate
    public HazelcastSessionTable(BundleContext context, @Reference HazelcastMember member) {
        this(member, () -> context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getState() == Bundle.STOPPING);
    }

    /** A view of the shared table, for this bundle's own use (the clean-up, the shell), and for tests. */
    HazelcastSessionTable(HazelcastMember member) {
        this(member, () -> false);
    }

    private HazelcastSessionTable(HazelcastMember member, BooleanSupplier serverStopping) {
        this.sessions = new CasMap(member.hazelcast().getMap(MAP));
        this.node = member.node();
        this.serverStopping = serverStopping;
    }

    @Override
    public void put(SessionEntry entry) {
        sessions.update(entry.jid().bare().toString(), lines -> SessionLines.with(lines, entry));
    }

    /**
     * While this server stops, its own sessions stay listed: the members left behind remove them
     * when it is gone and tell their contacts, with their presence modules; this server's have
     * stopped before its sessions end.
     */
    @Override
    public boolean remove(Jid jid, String node) {
        if (node.equals(this.node) && serverStopping.getAsBoolean()) return false;
        String key = jid.bare().toString();
        String before = sessions.update(key, lines -> SessionLines.without(lines, jid, node));
        return !Objects.equals(before, SessionLines.without(before, jid, node));
    }

    @Override
    public Optional<SessionEntry> get(Jid fullJid) {
        return sessionsOf(fullJid).stream().filter(e -> e.jid().equals(fullJid)).findFirst();
    }

    @Override
    public List<SessionEntry> sessionsOf(Jid bareJid) {
        return SessionLines.decode(sessions.get(bareJid.bare().toString()));
    }

    @Override
    public int size() {
        return all().size();
    }

    /** Every session of the cluster: for the shell and for cleaning up after a node, never per stanza. */
    @Override
    public List<SessionEntry> all() {
        return sessions.map().values().stream().flatMap(lines -> SessionLines.decode(lines).stream()).toList();
    }
}
