package xmpp.webconsole.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.apache.felix.webconsole.servlet.User;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import xmpp.core.route.Router;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;

/**
 * The console's XMPP page: counters, served domains, sessions, accounts, routes, modules and
 * S2S streams. What it shows and does comes from the shell's {@code xmpp:} commands (see
 * {@link ShellCommands}); the session table and the counters come from the module API's
 * services. Every change is a POST carrying the admin's {@link CsrfTokens token}.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + XmppPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=XMPP",
        ServletConstants.PLUGIN_CATEGORY + "=XMPP"})
public final class XmppPlugin extends AbstractServlet {

    static final String LABEL = "xmpp";
    private static final long serialVersionUID = 1L;
    private static final System.Logger log = System.getLogger(XmppPlugin.class.getName());

    private final transient ShellCommands shell;
    private final transient Sessions sessions;
    private final transient Router router;
    private final transient CsrfTokens tokens = new CsrfTokens();

    @Activate
    public XmppPlugin(@Reference CommandProcessor shell, @Reference Sessions sessions, @Reference Router router) {
        this.shell = new ShellCommands(shell);
        this.sessions = sessions;
        this.router = router;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (request.getPathInfo() != null && request.getPathInfo().endsWith("/counters.json")) {
            setNoCache(response);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().print("{\"sessions\":" + sessions.sessions().size() + ",\"routed\":" + router.routedCount() + "}");
            return;
        }
        super.doGet(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String admin = admin(request);
        if (!tokens.valid(admin, request.getParameter(CsrfTokens.PARAMETER))) {
            log.log(System.Logger.Level.WARNING, "web console: a change by {0} from {1} refused: its form token is missing or stale (another site's form, or a page from before a restart)",
                    admin, request.getRemoteAddr());
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "missing or stale form token: reload the page");
            return;
        }
        ShellCommands.Answer answer = act(request);
        String target = Stream.of("jid", "domain", "id").map(name -> value(request, name)).filter(v -> !v.isEmpty()).findFirst().orElse("");
        log.log(answer.ok() ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "web console: {0} from {1}: {2} {3}: {4}",
                admin, request.getRemoteAddr(), value(request, "action"), target, answer.text());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT) + "?" + (answer.ok() ? "done=" : "failed=")
                + URLEncoder.encode(answer.text(), StandardCharsets.UTF_8));
    }

    private ShellCommands.Answer act(HttpServletRequest request) {
        String action = value(request, "action");
        Map<String, String> jid = Map.of("jid", value(request, "jid"));
        String password = request.getParameter("password") == null ? "" : request.getParameter("password");   // as typed: no strip
        return switch (action) {
            case "host-add" -> shell.run("xmpp:hosts add $domain", Map.of("domain", value(request, "domain")), "");
            case "host-remove" -> shell.run("xmpp:hosts remove $domain", Map.of("domain", value(request, "domain")), "");
            case "kick" -> shell.run("xmpp:kick $jid", jid, "");
            case "user-add" -> shell.runWithLine("xmpp:users add $jid", jid, password);
            case "user-passwd" -> shell.runWithLine("xmpp:users passwd $jid", jid, password);
            case "user-delete" -> shell.run("xmpp:users delete $jid", jid, "");
            case "s2s-close" -> shell.run("xmpp:s2s close $id", Map.of("id", value(request, "id")), "");
            default -> new ShellCommands.Answer(false, "unknown action '" + action + "'");
        };
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        String root = (String) request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String token = tokens.tokenFor(admin(request));
        Forms forms = new Forms(root, token);
        if (request.getParameter("done") != null) out.println("<p class='statline' id='xmpp-done'>" + Html.escape(request.getParameter("done")) + "</p>");
        if (request.getParameter("failed") != null)
            out.println("<p class='statline ui-state-error' id='xmpp-failed'>" + Html.escape(request.getParameter("failed")) + "</p>");

        out.println("<p class='statline'>Sessions <b id='xmpp-sessions'>" + sessions.sessions().size() + "</b>, stanzas routed <b id='xmpp-routed'>"
                + router.routedCount() + "</b>, per second <b id='xmpp-rate'>-</b> (live)</p>");
        out.println("<p><a href='#hosts'>Hosts</a> | <a href='#sessions'>Sessions</a> | <a href='#users'>Users</a> | <a href='#routes'>Routes and components</a> | "
                + "<a href='#modules'>Modules</a> | <a href='#s2s'>S2S streams</a></p>");

        List<String> hosts = lines(shell.run("xmpp:hosts"));
        out.println("<h2 id='hosts'>Hosts</h2><table class='tablelayout nicetable'><tr><th>domain</th><th></th></tr>");
        for (String host : hosts) out.println("<tr><td>" + Html.escape(host) + "</td><td>" + forms.button("host-remove", "domain", host, "Remove") + "</td></tr>");
        out.println("</table>" + forms.open("host-add") + "<input name='domain' placeholder='example.org' required> <input type='submit' value='Add host'></form>");

        out.println("<h2 id='sessions'>Sessions</h2><table class='tablelayout nicetable' id='xmpp-session-table'>"
                + "<tr><th>JID</th><th>address</th><th>TLS</th><th>since</th><th>queued</th><th></th></tr>");
        List<Session> all = new ArrayList<>(sessions.sessions());
        all.sort(Comparator.comparing(s -> s.jid().toString()));
        for (Session s : all)
            out.println("<tr><td>" + Html.escape(s.jid().toString()) + "</td><td>" + Html.escape(s.address()) + "</td><td>" + (s.secure() ? "yes" : "no")
                    + "</td><td>" + s.since().truncatedTo(ChronoUnit.SECONDS) + "</td><td>" + s.queued() + "</td><td>"
                    + forms.button("kick", "jid", s.jid().toString(), "Kick") + "</td></tr>");
        out.println("</table>");

        out.println("<h2 id='users'>Users</h2>");
        for (String host : hosts) pre(out, "users-" + host, shell.run("xmpp:users list $host", Map.of("host", host), ""));
        out.println(forms.open("user-add") + "<input name='jid' placeholder='user@domain' required> <input name='password' type='password' placeholder='password' required> "
                + "<input type='submit' value='Add user'></form>");
        out.println(forms.open("user-passwd") + "<input name='jid' placeholder='user@domain' required> <input name='password' type='password' placeholder='new password' required> "
                + "<input type='submit' value='Change password'></form>");
        out.println(forms.open("user-delete") + "<input name='jid' placeholder='user@domain' required> <input type='submit' value='Delete user and all its data'></form>");

        out.println("<h2 id='routes'>Routes and components</h2>");
        pre(out, "routes", shell.run("xmpp:routes"));
        out.println("<h2 id='modules'>Modules</h2><p>Each module bundle with the IQ namespaces, routes, hooks and commands it registered.</p>");
        pre(out, "modules", shell.run("xmpp:modules"));
        out.println("<h2 id='s2s'>S2S streams</h2>");
        pre(out, "s2s", shell.run("xmpp:s2s"));
        out.println(forms.open("s2s-close") + "<input name='id' placeholder='stream id' required> <input type='submit' value='Close stream'></form>");
        ShellCommands.Answer cluster = shell.run("xmpp:cluster");
        if (cluster.ok()) {   // the command is the cluster bundle's: a single server has no such section
            out.println("<h2 id='cluster'>Cluster members</h2>");
            pre(out, "cluster", cluster);
        }

        out.println(liveCounters(root));
    }

    /**
     * Polls counters.json every 2 s and shows the stanzas routed per second between two polls.
     * XMLHttpRequest as the console's own pages use, not fetch, which refuses to run on a page
     * whose address carries credentials (http://user:password@host/...).
     */
    private static String liveCounters(String root) {
        return "<script>(function(){var last=null;function poll(){var r=new XMLHttpRequest();r.open('GET','" + Html.escape(root) + "/counters.json');"
                + "r.onload=function(){if(r.status!==200)return;var c=JSON.parse(r.responseText);var now=Date.now();"
                + "document.getElementById('xmpp-sessions').textContent=c.sessions;document.getElementById('xmpp-routed').textContent=c.routed;"
                + "if(last){document.getElementById('xmpp-rate').textContent=((c.routed-last.routed)*1000/(now-last.at)).toFixed(1);}"
                + "last={routed:c.routed,at:now};};r.send();}poll();setInterval(poll,2000);})();</script>";
    }

    private static void pre(PrintWriter out, String id, ShellCommands.Answer answer) {
        out.println("<pre id='xmpp-" + Html.escape(id) + "'" + (answer.ok() ? "" : " class='ui-state-error'") + ">" + Html.escape(answer.text()) + "</pre>");
    }

    private static List<String> lines(ShellCommands.Answer answer) {
        return answer.ok() ? answer.text().lines().map(String::strip).filter(l -> !l.isEmpty()).toList() : List.of();
    }

    private static String admin(HttpServletRequest request) {
        Object user = request.getAttribute(User.USER_ATTRIBUTE);
        return user instanceof User u ? String.valueOf(u.getUserObject()) : "";
    }

    private static String value(HttpServletRequest request, String name) {
        String v = request.getParameter(name);
        return v == null ? "" : v.strip();
    }

    /** Forms that post back here with the admin's token. */
    private record Forms(String root, String token) {
        String open(String action) {
            return "<form method='post' action='" + Html.escape(root) + "' class='xmpp-" + action + "'>" + hidden("action", action) + hidden(CsrfTokens.PARAMETER, token);
        }

        String button(String action, String name, String value, String label) {
            return open(action) + hidden(name, value) + "<input type='submit' value='" + Html.escape(label) + "'></form>";
        }

        private static String hidden(String name, String value) {
            return "<input type='hidden' name='" + name + "' value='" + Html.escape(value) + "'>";
        }
    }
}
