package xmpp.http.internal;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    /** Endpoint servlets by service id: their kind and path. */
    private final transient Map<Long, String[]> endpoints = new ConcurrentHashMap<>();
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
        endpoints.put((Long) props.get("service.id"), new String[] {String.valueOf(props.get(HostMetaLinks.ALT_CONNECTION)),
                patterns.get(0).replaceAll("/\\*$", "")});
    }

    void removeEndpoint(Servlet endpoint, Map<String, Object> props) {
        endpoints.remove((Long) props.get("service.id"));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String base = publicUrl.isEmpty() ? request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort() : publicUrl;
        List<HostMetaLinks.Link> links = new ArrayList<>();
        endpoints.values().stream().map(e -> HostMetaLinks.endpoint(e[0], base, e[1])).sorted(java.util.Comparator.comparing(HostMetaLinks.Link::rel))
                .forEach(links::add);
        links.addAll(configured);
        boolean json = request.getRequestURI().endsWith(".json");
        response.setContentType(json ? "application/json" : "application/xrd+xml");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Access-Control-Allow-Origin", "*");   // browser clients read it from other origins (XEP-0156 section 3)
        response.getOutputStream().write((json ? HostMetaLinks.json(links) : HostMetaLinks.xrd(links)).getBytes(StandardCharsets.UTF_8));
    }
}
