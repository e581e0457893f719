package xmpp.http.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.servlet.whiteboard.Preprocessor;

/**
 * Runs before every endpoint of the server (a whiteboard preprocessor, so endpoints added
 * later are covered too): refuses plain HTTP from anywhere but loopback and the named
 * proxies, gives endpoints the client's address (X-Forwarded-For from a proxy) and whether it used
 * HTTPS (X-Forwarded-Proto from a proxy), and writes one
 * access log line per request to the logger {@value #ACCESS_LOG}.
 */
@Component(service = Preprocessor.class, configurationPid = HttpConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class Gate implements Preprocessor {

    static final String ACCESS_LOG = "xmpp.http.access";

    private static final System.Logger access = System.getLogger(ACCESS_LOG);
    private static final System.Logger log = System.getLogger(Gate.class.getName());

    private final ClientAddresses addresses;

    @Activate
    public Gate(HttpConfig config) {
        ClientAddresses configured;
        try {
            configured = new ClientAddresses(config.trusted_proxies());
        } catch (IllegalArgumentException e) {
            log.log(System.Logger.Level.ERROR, "trusted.proxies in etc/xmpp.http.cfg: {0}; no proxy is trusted until it lists IP addresses only", e.getMessage());
            configured = new ClientAddresses(new String[0]);
        }
        this.addresses = configured;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Optional<String> client = addresses.client(request.isSecure(), request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        String outcome = "";
        try {
            if (client.isEmpty()) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN,
                        "plain HTTP is served to loopback and the proxies in trusted.proxies only: use HTTPS");
            } else {
                boolean secure = addresses.secure(request.isSecure(), request.getRemoteAddr(), request.getHeader("X-Forwarded-Proto"));
                chain.doFilter(new FromClient(request, client.get(), secure), response);
            }
            outcome = String.valueOf(response.getStatus());
        } catch (IOException | ServletException | RuntimeException e) {
            outcome = "failed: " + e.getMessage();   // a client gone or too slow, or a bug the container logs
            throw e;
        } finally {
            access.log(System.Logger.Level.INFO, "{0} \"{1} {2} {3}\" {4}", client.orElse(request.getRemoteAddr()), request.getMethod(),
                    request.getRequestURI(), request.getProtocol(), outcome);
        }
    }

    /** The request as the endpoints see it: from the client, not from the proxy in front, and over HTTPS if the client used it. */
    private static final class FromClient extends HttpServletRequestWrapper {
        private final String client;
        private final boolean secure;

        FromClient(HttpServletRequest request, String client, boolean secure) {
            super(request);
            this.client = client;
            this.secure = secure;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getScheme() {
            return secure && super.getScheme().equals("http") ? "https" : super.getScheme();
        }

        @Override
        public String getRemoteAddr() {
            return client;
        }

        @Override
        public String getRemoteHost() {
            return client;
        }
    }
}
