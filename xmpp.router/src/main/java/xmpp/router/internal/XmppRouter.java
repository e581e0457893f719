package xmpp.router.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import xmpp.core.auth.Authenticator;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;
import xmpp.core.route.Hosts;
import xmpp.core.route.Router;
import xmpp.core.route.ServiceProperties;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.spi.auth.Authenticators;
import xmpp.core.spi.metrics.RoutingStatistics;
import xmpp.core.spi.route.NodeLink;
import xmpp.core.spi.route.RouteTable;
import xmpp.core.spi.route.S2SManager;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.spi.route.SessionManager;
import xmpp.core.spi.route.SessionTable;
import xmpp.core.stanza.StanzaError.Condition;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/**
 * The router (seed section 3.1) and the front of the session manager: one component, so the
 * two can call each other without a service cycle. Routing order: a served domain (local
 * router), a component on this node, another node from the global route table, then the S2S
 * manager. Hosts change live through {@code etc/xmpp.server.cfg}, without dropping sessions.
 */
@Component(service = {Router.class, SessionManager.class, Sessions.class, Hosts.class, RoutingStatistics.class}, immediate = true,
        configurationPid = ServerConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ServerConfig.class)
public final class XmppRouter implements Router, SessionManager, Hosts, RoutingStatistics {

    private static final System.Logger log = System.getLogger(XmppRouter.class.getName());

    /** A component and who registered it. */
    record ComponentRoute(xmpp.core.route.Component component, String owner) {
    }

    private final String node;
    private volatile RouteTable routeTable;
    private final ClaimRegistry<String, ComponentRoute> components = new ClaimRegistry<>("route to");
    private final Authenticators authenticators = new Authenticators();
    private final LocalSessions sessions;
    private final LocalRouter localRouter;
    private final Bouncer bouncer;
    private final IqDispatcher iqs;
    private final StanzaCounts routed = new StanzaCounts();
    private volatile Set<String> hosts;
    private volatile S2SManager s2s;
    private volatile NodeLink link;

    /** The tables come after construction, through {@link #setRouteTable} and {@link #setSessionTable}, as DS binds them. */
    @Activate
    public XmppRouter(ServerConfig config, @Reference IqDispatcher iqs, @Reference HookRunner hooks,
                      @Reference SessionListeners listeners) {
        this.node = config.node();
        this.iqs = iqs;
        this.hosts = normalizedHosts(config.hosts());
        this.bouncer = new Bouncer(this);
        ServerIqs serverIqs = new ServerIqs(iqs, this);
        this.sessions = new LocalSessions(node, hooks, listeners, serverIqs, this, authenticators, () -> link);
        this.localRouter = new LocalRouter(sessions, serverIqs, this);
        log.log(System.Logger.Level.INFO, "router on node {0} serves {1}", node, hosts);
    }

    /** Outside OSGi (tests, benchmarks): a router on the tables given. */
    public XmppRouter(ServerConfig config, IqDispatcher iqs, HookRunner hooks, SessionListeners listeners,
                      RouteTable routeTable, SessionTable sessionTable) {
        this(config, iqs, hooks, listeners);
        setRouteTable(routeTable);
        setSessionTable(sessionTable);
    }

    // ---- Tables: dynamic and greedy, so that a cluster's tables (ranked higher), arriving after the
    // router started or leaving with a Hazelcast member that restarts, replace the ones bound
    // without restarting the router, which would drop every client of this node.

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setRouteTable(RouteTable table) {
        routeTable = table;
        publishRoutes(table);
    }

    /** This node's component routes, into {@code table}. */
    private void publishRoutes(RouteTable table) {
        for (String domain : components.snapshot().keySet()) table.add(domain, node);
    }

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setSessionTable(SessionTable table) {
        sessions.useTable(table);
    }

    // DS binds a replacement before it unbinds the table it replaces, and stops the router first
    // when there is none: an unbound table is never the one in use.
    void unsetRouteTable(RouteTable table) {
    }

    void unsetSessionTable(SessionTable table) {
    }

    @Modified
    void modified(ServerConfig config) {
        Set<String> updated = normalizedHosts(config.hosts());
        if (!updated.equals(hosts)) log.log(System.Logger.Level.INFO, "served domains are now {0} (were {1})", updated, hosts);
        hosts = updated;
        if (!config.node().equals(node))
            log.log(System.Logger.Level.WARNING, "node name changed to {0}; it applies when the router restarts (still {1})", config.node(), node);
    }

    @Deactivate
    void deactivate() {
        for (Session s : sessions.sessions()) {
            s.close(StreamError.of(StreamError.Condition.SYSTEM_SHUTDOWN, "the router is stopping"));
            sessions.unbind(s);
        }
    }

    /** The configured domains; a value may hold several, separated by commas, as a .cfg file writes lists. */
    private static Set<String> normalizedHosts(String[] configured) {
        Set<String> result = new java.util.LinkedHashSet<>();
        for (String h : ServiceProperties.strings(configured)) {
            try {
                result.add(Jid.ofDomain(h.strip()).domainpart());
            } catch (JidFormatException e) {
                log.log(System.Logger.Level.ERROR, "ignoring host ''{0}'' in {1}.hosts: {2}", h, ServerConfig.PID, e.getMessage());
            }
        }
        return java.util.Collections.unmodifiableSet(result);   // the operator's order: the first is the primary domain
    }

    // ---- Router

    @Override
    public void route(Jid from, Jid to, Element stanza) {
        routed.count(stanza);
        String domain = to.domainpart();
        if (hosts.contains(domain)) {
            localRouter.route(from, to, stanza);
            return;
        }
        ComponentRoute local = components.get(domain);
        if (local != null) {
            deliverToComponent(local, from, to, stanza);
            return;
        }
        for (String other : routeTable.nodes(domain)) {
            if (other.equals(node)) continue;   // our own route, removed an instant ago
            NodeLink l = link;
            if (l == null || !l.forward(other, from, to, stanza))
                bouncer.bounce(from, to, stanza, Condition.SERVICE_UNAVAILABLE, domain + " is served by node " + other + ", which cannot be reached");
            return;
        }
        if (isServiceOfServedDomain(domain)) {
            bouncer.bounce(from, to, stanza, Condition.SERVICE_UNAVAILABLE, "no service at " + domain + " now");
            return;
        }
        S2SManager remote = s2s;
        if (remote != null) remote.route(from, to, stanza);
        else bouncer.bounce(from, to, stanza, Condition.REMOTE_SERVER_NOT_FOUND, "this server does not federate; no route to " + domain);
    }

    private void deliverToComponent(ComponentRoute route, Jid from, Jid to, Element stanza) {
        try {
            route.component().route(from, to, stanza);
        } catch (Exception | LinkageError e) {
            log.log(System.Logger.Level.ERROR, "component " + route.owner() + " failed on a <" + stanza.name() + "/> to " + to
                    + "; answered internal-server-error", e);
            bouncer.bounce(from, to, stanza, Condition.INTERNAL_SERVER_ERROR, "");
        }
    }

    /** A subdomain of a served domain, such as echo.localhost: ours, even while nothing serves it. */
    private boolean isServiceOfServedDomain(String domain) {
        for (String host : hosts) if (domain.endsWith("." + host)) return true;
        return false;
    }

    // ---- Whiteboard

    @Reference(service = xmpp.core.route.Component.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addComponent(xmpp.core.route.Component component, Map<String, Object> props) {
        String owner = ServiceProps.owner(props);
        Set<String> domains = ServiceProperties.strings(props, xmpp.core.route.Component.ROUTE).stream()
                .map(d -> normalizedDomain(d, owner)).filter(d -> !d.isEmpty()).collect(Collectors.toSet());
        if (domains.isEmpty()) {
            log.log(System.Logger.Level.WARNING, "component {0} has no valid {1} property; it gets no stanzas", owner, xmpp.core.route.Component.ROUTE);
            return;
        }
        components.add(component, domains, new ComponentRoute(component, owner), owner);
        for (String d : domains) routeTable.add(d, node);
        log.log(System.Logger.Level.INFO, "route to {0} added by {1}", domains, owner);
    }

    void removeComponent(xmpp.core.route.Component component) {
        ComponentRoute gone = components.remove(component);
        if (gone == null) return;
        Set<String> left = components.snapshot().keySet();
        for (String d : routeTable.all().keySet())
            if (!left.contains(d) && routeTable.nodes(d).contains(node)) routeTable.remove(d, node);
        log.log(System.Logger.Level.INFO, "routes of {0} removed", gone.owner());
    }

    private static String normalizedDomain(String domain, String owner) {
        try {
            return Jid.ofDomain(domain.strip()).domainpart();
        } catch (JidFormatException e) {
            log.log(System.Logger.Level.ERROR, "component {0}: {1}", owner, e.getMessage());
            return "";
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addAuthenticator(Authenticator authenticator, Map<String, Object> props) {
        authenticators.add(authenticator, props);
    }

    public void removeAuthenticator(Authenticator authenticator) {
        authenticators.remove(authenticator);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setS2SManager(S2SManager manager) {
        s2s = manager;
    }

    void unsetS2SManager(S2SManager manager) {
        if (s2s == manager) s2s = null;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void setNodeLink(NodeLink nodeLink) {
        link = nodeLink;
        // The cluster's services come up in no set order: presence announced again when its tables
        // arrived (a restarted member) reached no other node if the link came after them.
        sessions.republish();
    }

    public void unsetNodeLink(NodeLink nodeLink) {
        if (link == nodeLink) link = null;
    }

    @Override
    public long routedCount() {
        return routed.total();
    }

    // ---- RoutingStatistics

    @Override
    public long routed(String kind) {
        return routed.of(kind);
    }

    @Override
    public int queuedIqs() {
        return iqs.queued();
    }

    // ---- Hosts

    @Override
    public Set<String> all() {
        return hosts;
    }

    @Override
    public boolean isServed(String domain) {
        return hosts.contains(domain);
    }

    // ---- SessionManager, kept in LocalSessions

    @Override
    public void bind(Session session) {
        sessions.bind(session);
    }

    @Override
    public void unbind(Session session) {
        sessions.unbind(session);
    }

    @Override
    public void presence(Session session, Element presence) {
        sessions.presence(session, presence);
    }

    @Override
    public Optional<Element> presenceOf(Jid fullJid) {
        return sessions.presenceOf(fullJid);
    }

    @Override
    public Map<Jid, Element> presencesOf(Jid bareJid) {
        return sessions.presencesOf(bareJid);
    }

    @Override
    public List<Jid> resourcesOf(Jid bareJid) {
        return sessions.resourcesOf(bareJid);
    }

    @Override
    public void send(Session session, Jid to, Element stanza) {
        sessions.send(session, to, stanza);
    }

    @Override
    public void deliverForwarded(Jid from, Jid session, Element stanza) {
        sessions.deliverForwarded(from, session, stanza);
    }

    @Override
    public void replacedElsewhere(Jid session) {
        sessions.replacedElsewhere(session);
    }

    @Override
    public void departed(SessionEntry entry) {
        sessions.departed(entry);
    }

    @Override
    public void republish() {
        publishRoutes(routeTable);
        sessions.republish();
    }

    @Override
    public Optional<Session> session(Jid fullJid) {
        return sessions.session(fullJid);
    }

    @Override
    public List<Session> sessionsOf(Jid bareJid) {
        return sessions.sessionsOf(bareJid);
    }

    @Override
    public boolean accountExists(Jid account) {
        return sessions.accountExists(account);
    }

    @Override
    public Collection<Session> sessions() {
        return sessions.sessions();
    }
}
