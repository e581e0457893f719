package xmpp.cluster.hazelcast.internal;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.LifecycleEvent;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.spi.route.SessionManager;

/**
 * Takes the sessions, routes and server-to-server stream claims of nodes that left out of the shared tables, and has their users'
 * contacts told they went unavailable. The oldest member cleans up when a member leaves (it is
 * the one every member agrees on); every member cleans up when it starts, which also removes what
 * its own previous life left (a node killed and restarted under the same name). Entries of any
 * node that is not a member now go, so a cluster that healed after a split keeps no ghosts; and
 * this node's own sessions and routes are written back, so it misses none either.
 */
@Component(immediate = true)
public final class MembershipWatch {

    private static final System.Logger log = System.getLogger(MembershipWatch.class.getName());

    private final HazelcastMember member;
    private final HazelcastSessionTable sessionTable;
    private final HazelcastRouteTable routeTable;
    private final HazelcastS2STable s2sTable;
    private final SessionManager sessions;
    // One at a time and off Hazelcast's event threads: a sweep reads and writes the shared maps.
    private final ExecutorService sweeper = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("cluster-sweep").factory());
    private final UUID membership;
    private final UUID lifecycle;

    @Activate
    public MembershipWatch(@Reference HazelcastMember member, @Reference SessionManager sessions) {
        this.member = member;
        this.sessionTable = new HazelcastSessionTable(member);   // views of the shared maps, as the services are
        this.routeTable = new HazelcastRouteTable(member);
        this.s2sTable = new HazelcastS2STable(member);
        this.sessions = sessions;
        this.membership = member.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                log.log(System.Logger.Level.INFO, "cluster member {0} joined; members now {1}",
                        event.getMember().getAttribute(HazelcastMember.NODE_ATTRIBUTE), member.nodes().keySet());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                log.log(System.Logger.Level.WARNING, "cluster member {0} ({1}) left; its sessions and routes are removed",
                        event.getMember().getAttribute(HazelcastMember.NODE_ATTRIBUTE), event.getMember().getAddress());
                if (member.oldest()) sweeper.execute(MembershipWatch.this::sweep);
            }
        });
        this.lifecycle = member.hazelcast().getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) sweeper.execute(this::healed);
        });
        sweeper.execute(this::sweep);
    }

    @Deactivate
    void deactivate() {
        if (member.hazelcast().getLifecycleService().isRunning()) {
            member.hazelcast().getCluster().removeMembershipListener(membership);
            member.hazelcast().getLifecycleService().removeLifecycleListener(lifecycle);
        }
        sweeper.shutdownNow();
    }

    /**
     * After a split cluster healed: the other side removed this node's sessions and routes and
     * announced the sessions unavailable, and Hazelcast's merge keeps that side's entries. This
     * node writes its own back and announces them again, after the sweep, which would otherwise
     * count them as gone.
     */
    void healed() {
        sweep();
        try {
            sessions.republish();
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "publishing this node's sessions again after the cluster healed failed (" + e.getMessage()
                    + "); other nodes may not see them until they log in again", e);
        }
    }

    /** Removes every session, route and stream claim of a node that is not a member now, this node's own stale sessions included. */
    void sweep() {
        try {
            Set<String> members = member.nodes().keySet();
            int removed = 0;
            for (SessionEntry e : sessionTable.all()) {
                boolean stale = e.node().equals(member.node()) ? sessions.session(e.jid()).isEmpty() : !members.contains(e.node());
                if (!stale) continue;
                sessions.departed(e);
                removed++;
            }
            routeTable.all().forEach((domain, nodes) -> {
                for (String n : nodes) if (!members.contains(n)) routeTable.remove(domain, n);
            });
            s2sTable.removeOthersThan(members);   // the next stanza for such a domain claims its stream anew
            if (removed > 0) log.log(System.Logger.Level.INFO, "removed {0} sessions of nodes no longer in the cluster", removed);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "cleaning up after a node that left failed (" + e.getMessage()
                    + "); its sessions stay listed until the next member change", e);
        }
    }
}
