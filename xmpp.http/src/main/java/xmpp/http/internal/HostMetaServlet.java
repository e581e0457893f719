package xmpp.http.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import xmpp.core.route.ServiceProperties;

/**
 * XEP-0156: {@code /.well-known/host-meta} and {@code /.well-known/host-meta.json}. An
 * endpoint (WebSocket, BOSH) is listed while its servlet is registered with
 * {@value HostMetaLinks#ALT_CONNECTION}; the operator adds others with {@code links}.
 */
@Component(service = Servlet.class, configurationPid = HttpConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"osgi.http.whiteboard.servlet.pattern=/.well-known/host-meta", "osgi.http.whiteboard.servlet.pattern=/.well-known/host-meta.json",
                "osgi.http.whiteboard.servlet.name=xmpp-host-meta"})
public final class HostMetaServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger log = System.getLogger(HostMetaServlet.class.getName());

    /** A registered endpoint: its kind ({@code websocket}, {@code xbosh}) and path. */
    private record Endpoint(String kind, String path) { }

    /** Endpoint servlets by service id. */
    private final transient Map<Long, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final transient List<HostMetaLinks.Link> configured = new ArrayList<>();
    private final String publicUrl;

    @Activate
    public HostMetaServlet(HttpConfig config) {
        publicUrl = config.public_url().strip().replaceAll("/+$", "");
        for (String entry : config.links()) {
            try {
                configured.add(HostMetaLinks.configured(entry));
            } catch (IllegalArgumentException e) {
                log.log(System.Logger.Level.WARNING, "links in etc/xmpp.http.cfg: {0}; host-meta leaves it out", e.getMessage());
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + HostMetaLinks.ALT_CONNECTION + "=*)")
    void addEndpoint(Servlet endpoint, Map<String, Object> props) {
        List<String> patterns = ServiceProperties.strings(props.get("osgi.http.whiteboard.servlet.pattern"));
        if (patterns.isEmpty()) return;
        endpoints.put((Long) props.get("service.id"), new Endpoint(String.valueOf(props.get(HostMetaLinks.ALT_CONNECTION)),
                patterns.get(0).replaceAll("/\\*$", "")));
    }

    void removeEndpoint(Servlet endpoint, Map<String, Object> props) {
        endpoints.remove((Long) props.get("service.id"));
    }

    /** Where the client sent this request, as its Host header says: the address it reaches the endpoints at too. */
    private static String origin(HttpServletRequest request) {
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean usual = scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        return scheme + "://" + request.getServerName() + (usual ? "" : ":" + port);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String base = publicUrl.isEmpty() ? origin(request) : publicUrl;
        List<HostMetaLinks.Link> links = new ArrayList<>();
        endpoints.values().stream().map(e -> HostMetaLinks.endpoint(e.kind(), base, e.path()))
                .sorted(Comparator.comparing(HostMetaLinks.Link::rel)).forEach(links::add);
        links.addAll(configured);
        boolean json = request.getRequestURI().endsWith(".json");
        response.setContentType(json ? "application/json" : "application/xrd+xml");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Access-Control-Allow-Origin", "*");   // browser clients read it from other origins (XEP-0156 section 3)
        response.getOutputStream().write((json ? HostMetaLinks.json(links) : HostMetaLinks.xrd(links)).getBytes(StandardCharsets.UTF_8));
    }
}
