package xmpp.shell.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import xmpp.core.auth.Authenticator;
import xmpp.core.command.AdhocCommand;
import xmpp.core.jid.Jid;
import xmpp.core.jid.JidFormatException;
import xmpp.core.route.Hosts;
import xmpp.core.route.IqHandler;
import xmpp.core.route.Router;
import xmpp.core.route.ServiceProperties;
import xmpp.core.route.Session;
import xmpp.core.route.SessionListener;
import xmpp.core.route.StanzaHook;
import xmpp.core.spi.route.RouteTable;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.spi.route.SessionTable;
import xmpp.core.spi.route.SessionManager;
import xmpp.core.spi.route.SessionState;
import xmpp.core.spi.storage.UserStore;
import xmpp.core.auth.Accounts;
import xmpp.core.auth.AuthException;
import xmpp.core.storage.OfflineStore;
import xmpp.core.storage.RosterItem;
import xmpp.core.storage.PubSubNode;
import xmpp.core.storage.PubSubStore;
import xmpp.core.storage.RosterStore;
import xmpp.core.storage.StorageException;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.StreamFeature;

/**
 * The {@code xmpp:} commands of the Felix Gogo shell. Each returns its answer as text, so the
 * loopback console ({@code bin/xmppctl}) prints exactly what the shell shows.
 */
@Component(service = XmppCommands.class, property = {
        "osgi.command.scope=xmpp",
        "osgi.command.function=hosts", "osgi.command.function=sessions", "osgi.command.function=kick",
        "osgi.command.function=routes", "osgi.command.function=modules", "osgi.command.function=users",
        "osgi.command.function=stats", "osgi.command.function=roster", "osgi.command.function=pubsub"})
public final class XmppCommands {

    private static final String SERVER_PID = "xmpp.server";
    private static final int MAX_PASSWORD_BYTES = 1024;

    private final BundleContext context;
    private final Hosts hosts;
    private final SessionManager sessions;
    private final Router router;
    private final RouteTable routeTable;
    private final SessionTable sessionTable;
    private final ConfigurationAdmin configAdmin;
    private final UserStore users;
    private final Accounts accounts;
    private final RosterStore rosters;
    private final OfflineStore offline;
    private final PubSubStore pubsub;
    private final ModuleInstaller installer;

    @Activate
    public XmppCommands(BundleContext context, @Reference Hosts hosts, @Reference SessionManager sessions, @Reference Router router,
                        @Reference(policyOption = ReferencePolicyOption.GREEDY) RouteTable routeTable,
                        @Reference(policyOption = ReferencePolicyOption.GREEDY) SessionTable sessionTable, @Reference ConfigurationAdmin configAdmin, @Reference UserStore users, @Reference Accounts accounts,
                        @Reference RosterStore rosters, @Reference OfflineStore offline, @Reference PubSubStore pubsub,
                        @Reference ModuleInstaller installer) {
        this.context = context;
        this.hosts = hosts;
        this.sessions = sessions;
        this.router = router;
        this.routeTable = routeTable;
        this.sessionTable = sessionTable;
        this.configAdmin = configAdmin;
        this.users = users;
        this.accounts = accounts;
        this.rosters = rosters;
        this.offline = offline;
        this.pubsub = pubsub;
        this.installer = installer;
    }

    @Descriptor("list the served domains")
    public String hosts() {
        return String.join("\n", hosts.all());
    }

    @Descriptor("add or remove a served domain, live: hosts add|remove <domain>")
    public String hosts(@Descriptor("add or remove") String action, @Descriptor("domain") String domain) throws Exception {
        String normalized = Jid.ofDomain(domain).domainpart();
        Set<String> updated = new LinkedHashSet<>(hosts.all());
        switch (action) {
            case "add" -> updated.add(normalized);
            case "remove" -> updated.remove(normalized);
            default -> throw new IllegalArgumentException("hosts add <domain> | hosts remove <domain>");
        }
        if (updated.isEmpty()) throw new IllegalArgumentException("a server serves at least one domain");
        Configuration cfg = configAdmin.getConfiguration(SERVER_PID, "?");
        Object file = cfg.getProperties() == null ? null : cfg.getProperties().get("felix.fileinstall.filename");
        if (file == null) {   // no etc/ file behind it (e.g. in tests): Configuration Admin alone
            Hashtable<String, Object> props = cfg.getProperties() == null ? new Hashtable<>() : copy(cfg);
            props.put("hosts", updated.toArray(String[]::new));
            cfg.update(props);
            return (action.equals("add") ? "now serving " : "no longer serving ") + normalized;
        }
        // The operator's file is the truth: change its hosts line; FileInstall applies it within a second.
        Path path = Path.of(java.net.URI.create(file.toString()));
        List<String> lines = new ArrayList<>(Files.readAllLines(path));
        String line = "hosts=" + String.join(",", updated);
        int at = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).strip().startsWith("hosts")) at = i;
        if (at >= 0) lines.set(at, line);
        else lines.add(line);
        Files.write(path, lines);
        return (action.equals("add") ? "now serving " : "no longer serving ") + normalized + " (" + path + ")";
    }

    @Descriptor("list sessions of every node: JID, node, address, TLS, since, state (active, inactive per XEP-0352, detached awaiting "
            + "XEP-0198 resumption), queued stanzas (for a detached one: kept for its resumption); another node's show only what the shared table holds")
    public String sessions() {
        Map<Jid, SessionEntry> table = new HashMap<>();
        for (SessionEntry e : sessionTable.all()) table.put(e.jid(), e);
        Map<String, String> rows = new TreeMap<>();
        for (Session s : sessions.sessions()) {
            SessionEntry entry = table.remove(s.jid());
            rows.put(s.jid().toString(), String.format("%-40s %-12s %-22s %-4s %-20s %-8s %d%n", s.jid(), entry == null ? "(unbinding)" : entry.node(),
                    s.address(), s.secure() ? "yes" : "no", s.since().truncatedTo(ChronoUnit.SECONDS),
                    SessionState.of(s).name().toLowerCase(java.util.Locale.ROOT), s.queued()));
        }
        for (SessionEntry e : table.values())   // the other nodes' sessions: their connection details stay there
            rows.put(e.jid().toString(), String.format("%-40s %-12s %-22s %-4s %-20s %-8s %s%n", e.jid(), e.node(), "-", "-",
                    e.since().truncatedTo(ChronoUnit.SECONDS), "-", "-"));
        StringBuilder sb = new StringBuilder(String.format("%-40s %-12s %-22s %-4s %-20s %-8s %s%n", "JID", "NODE", "ADDRESS", "TLS", "SINCE", "STATE", "QUEUED"));
        rows.values().forEach(sb::append);
        return sb.append(rows.size()).append(rows.size() == 1 ? " session" : " sessions").toString();
    }

    @Descriptor("disconnect a session (full JID) or every session of an account (bare JID)")
    public String kick(@Descriptor("JID") String jid) {
        Jid target = Jid.of(jid);
        List<Session> matched = target.isFull() ? sessions.session(target).stream().toList() : sessions.sessionsOf(target);
        for (Session s : matched) s.close(StreamError.of(StreamError.Condition.POLICY_VIOLATION, "disconnected by an administrator"));
        return matched.isEmpty() ? "no session of " + target : "disconnected " + matched.size() + " session(s) of " + target;
    }

    @Descriptor("list routes: served domains and components on this node, and the cluster's route table")
    public String routes() throws Exception {
        Map<String, String> local = new TreeMap<>();
        for (String h : hosts.all()) local.put(h, "served domain");
        for (ServiceReference<?> ref : refs(xmpp.core.route.Component.class))
            for (String d : ServiceProperties.strings(ref.getProperty(xmpp.core.route.Component.ROUTE))) local.put(d, "component of " + describe(ref.getBundle()));
        StringBuilder sb = new StringBuilder("local routes (this node, " + thisNode() + "):\n");
        local.forEach((d, owner) -> sb.append("  ").append(d).append("  ").append(owner).append('\n'));
        sb.append("global route table:\n");
        routeTable.all().forEach((d, nodes) -> sb.append("  ").append(d).append("  on ").append(String.join(", ", nodes)).append('\n'));
        return sb.toString().stripTrailing();
    }

    /** The node's name as the router reads it ({@code node=} in etc/xmpp.server.cfg, whose default the router's is too). */
    private String thisNode() throws IOException {
        Configuration cfg = configAdmin.getConfiguration(SERVER_PID, "?");
        Object node = cfg.getProperties() == null ? null : cfg.getProperties().get("node");
        return node == null ? "local" : node.toString();
    }

    @Descriptor("list module bundles with their state, hosts, IQ namespaces, routes, hooks, authenticators and ad-hoc commands")
    public String modules() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Bundle b : context.getBundles()) {
            List<String> lines = new ArrayList<>();
            for (ServiceReference<?> ref : registered(b)) lines.add(describeService(ref));
            lines.removeIf(String::isEmpty);
            if (lines.isEmpty() && !b.getSymbolicName().startsWith("xmpp.mod.") && !b.getSymbolicName().startsWith("xmpp.auth.")) continue;
            sb.append(describe(b)).append(' ').append(state(b)).append('\n');
            for (String l : lines) sb.append("  ").append(l).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    @Descriptor("modules install <groupId:artifactId:version>: fetch a module bundle through Maven, check it against this server, "
            + "start it and keep it in deploy/; modules uninstall <bundle symbolic name>: stop it and remove it from deploy/")
    public String modules(@Descriptor("install or uninstall") String action,
                          @Descriptor("Maven coordinates, or the module's symbolic name") String argument) throws InterruptedException {
        try {
            return switch (action) {
                case "install" -> installer.install(argument);
                case "uninstall" -> installer.uninstall(argument);
                default -> "error: unknown action '" + action + "'; install <groupId:artifactId:version> or uninstall <name>";
            };
        } catch (ModuleInstallException e) {
            System.getLogger(XmppCommands.class.getName()).log(System.Logger.Level.WARNING, "xmpp:modules " + action + " " + argument + ": " + e.getMessage());
            return "error: " + e.getMessage();
        }
    }

    @Descriptor("accounts: users list [host] | users add <jid> [<password>] | users delete <jid> | users passwd <jid> [<password>]; "
            + "without <password> it is read from the next line of input (bin/xmppctl: standard input), so it shows in no command line")
    public String users(CommandSession session, @Descriptor("list, add, delete or passwd") String action,
                        @Descriptor("arguments") String... args) throws StorageException, AuthException, IOException {
        switch (action) {
            case "list" -> {
                String host = args.length > 0 ? args[0] : hosts.all().stream().findFirst().orElse("localhost");
                List<String> names = users.list(host, 0, 10_000);
                return names.isEmpty() ? "no accounts on " + host : String.join("\n", names) + "\n" + users.count(host) + " account(s) on " + host;
            }
            case "add" -> {
                need(args, 1, "users add <jid> [<password>]");
                Jid a = account(args[0]);
                return users.create(a, password(session, args)) ? "created " + a : a + " exists already";
            }
            case "delete" -> {
                need(args, 1, "users delete <jid>");
                Jid a = account(args[0]);
                kick(a.toString());
                // Through Accounts, not the store: modules that keep an account's data elsewhere (uploaded files) hear of it.
                return accounts.delete(a) ? "deleted " + a + " and everything stored for it" : "no account " + a;
            }
            case "passwd" -> {
                need(args, 1, "users passwd <jid> [<password>]");
                Jid a = account(args[0]);
                return users.setPassword(a, password(session, args)) ? "password of " + a + " changed" : "no account " + a;
            }
            default -> throw new IllegalArgumentException("users list [host] | add <jid> [<password>] | delete <jid> | passwd <jid> [<password>]");
        }
    }

    /** The password after the JID, else the next line of the command's input. */
    private static String password(CommandSession session, String[] args) throws IOException {
        if (args.length > 1) return args[1];
        String line;
        try {
            line = BoundedLine.read(session.getKeyboard(), MAX_PASSWORD_BYTES);
        } catch (InterruptedIOException timedOut) {
            line = null;
        }
        if (line == null || line.isEmpty())
            throw new IllegalArgumentException("no password: give it on the line after the command (bin/xmppctl reads it from standard input)");
        return line;
    }

    @Descriptor("an account's roster (contact, subscription, requests, name, groups) and its waiting offline messages")
    public String roster(@Descriptor("account JID") String jid) throws StorageException {
        Jid a = account(jid);
        StringBuilder sb = new StringBuilder();
        for (RosterItem i : rosters.items(a)) {
            sb.append(i.contact()).append(' ').append(i.listed() ? i.subscription().attributeValue() : "(not in the roster)")
                    .append(i.pendingOut() ? " asked" : "").append(i.pendingIn() ? " asked-by" : "").append(i.approved() ? " pre-approved" : "");
            if (!i.name().isEmpty()) sb.append(" name '").append(i.name()).append('\'');
            if (!i.groups().isEmpty()) sb.append(" groups ").append(String.join(",", new java.util.TreeSet<>(i.groups())));
            sb.append('\n');
        }
        return sb.append("version ").append(rosters.version(a)).append(", ").append(offline.count(a)).append(" offline message(s) waiting").toString();
    }

    @Descriptor("the publish-subscribe nodes of an account (PEP) or a pubsub service's domain, with their item counts")
    public String pubsub(@Descriptor("account or service JID") String jid) throws StorageException {
        Jid service;
        try {
            service = Jid.of(jid).bare();
        } catch (JidFormatException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        StringBuilder sb = new StringBuilder();
        List<PubSubNode> nodes = pubsub.nodes(service);
        for (PubSubNode n : nodes) sb.append(n.name()).append(' ').append(pubsub.count(service, n.name())).append(" item(s)\n");
        return sb.append(nodes.size()).append(" node(s) at ").append(service).toString();
    }

    @Descriptor("sessions, stanzas routed per second (over one second), queued stanzas")
    public String stats() throws InterruptedException {
        long before = router.routedCount();
        Instant start = Instant.now();
        Thread.sleep(1000);
        double perSecond = (router.routedCount() - before) / (Duration.between(start, Instant.now()).toNanos() / 1e9);
        int queued = 0;
        int deepest = 0;
        var all = sessions.sessions();
        for (Session s : all) {
            queued += s.queued();
            deepest = Math.max(deepest, s.queued());
        }
        return String.format("sessions %d%nstanzas routed/s %.1f (total %d)%nqueued stanzas %d (deepest queue %d)",
                all.size(), perSecond, router.routedCount(), queued, deepest);
    }

    private Jid account(String jid) {
        try {
            Jid a = Jid.of(jid);
            if (a.localpart().isEmpty()) throw new IllegalArgumentException(jid + " is not an account (user@domain)");
            if (!hosts.isServed(a.domainpart())) throw new IllegalArgumentException(a.domainpart() + " is not served here");
            return a.bare();
        } catch (JidFormatException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static void need(String[] args, int n, String usage) {
        if (args.length < n) throw new IllegalArgumentException("usage: " + usage);
    }

    private List<ServiceReference<?>> refs(Class<?> type) throws Exception {
        ServiceReference<?>[] found = context.getAllServiceReferences(type.getName(), null);
        return found == null ? List.of() : Arrays.asList(found);
    }

    private static List<ServiceReference<?>> registered(Bundle b) {
        ServiceReference<?>[] services = b.getRegisteredServices();
        return services == null ? List.of() : Arrays.asList(services);
    }

    private static String describeService(ServiceReference<?> ref) {
        List<String> types = Arrays.asList((String[]) ref.getProperty("objectClass"));
        String host = " host " + String.join(",", stringsOr(ref.getProperty(IqHandler.HOST), IqHandler.ANY_HOST));
        if (types.contains(IqHandler.class.getName()))
            return "iq " + ref.getProperty(IqHandler.NAMESPACE) + " scope " + String.join(",", stringsOr(ref.getProperty(IqHandler.SCOPE), IqHandler.SCOPE_LOCAL)) + host
                    + " " + (ref.getProperty(IqHandler.DISCIPLINE) == null ? IqHandler.ONE_QUEUE : ref.getProperty(IqHandler.DISCIPLINE));
        if (types.contains(xmpp.core.route.Component.class.getName()))
            return "route " + String.join(",", ServiceProperties.strings(ref.getProperty(xmpp.core.route.Component.ROUTE)));
        if (types.contains(StanzaHook.class.getName()))
            return "hook " + String.join(",", ServiceProperties.strings(ref.getProperty(StanzaHook.POINT)));
        if (types.contains(Authenticator.class.getName())) return "authenticator" + host;
        if (types.contains(SessionListener.class.getName())) return "session listener";
        if (types.contains(StreamFeature.class.getName())) return "stream feature";
        if (types.contains(AdhocCommand.class.getName())) return "ad-hoc command " + ref.getProperty(AdhocCommand.NODE);
        return "";
    }

    private static List<String> stringsOr(Object value, String fallback) {
        List<String> values = ServiceProperties.strings(value);
        return values.isEmpty() ? List.of(fallback) : values;
    }

    private static String describe(Bundle b) {
        return "[" + b.getBundleId() + "] " + b.getSymbolicName() + " " + b.getVersion();
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved (stopped)";
            case Bundle.INSTALLED -> "installed (not resolved)";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "uninstalled";
        };
    }

    private static Hashtable<String, Object> copy(Configuration cfg) {
        Hashtable<String, Object> props = new Hashtable<>();
        var keys = cfg.getProperties().keys();
        while (keys.hasMoreElements()) {
            String k = keys.nextElement();
            props.put(k, cfg.getProperties().get(k));
        }
        return props;
    }
}
