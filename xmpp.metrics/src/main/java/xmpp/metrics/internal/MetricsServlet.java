package xmpp.metrics.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The scrape endpoint: the registry in Prometheus's text format, or OpenMetrics when the scraper
 * asks for it. Refused requests are in the HTTP service's access log (status 401 or 403, with
 * the client's address), which is where an operator looks for a scraper that gets nothing.
 */
final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PrometheusMeterRegistry registry;
    private final transient ScrapeAccess access;
    private final transient Runnable beforeScrape;

    MetricsServlet(PrometheusMeterRegistry registry, ScrapeAccess access, Runnable beforeScrape) {
        this.registry = registry;
        this.access = access;
        this.beforeScrape = beforeScrape;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (access.check(request.getRemoteAddr(), request.getHeader("Authorization"))) {
            case NO_TOKEN_CONFIGURED -> {
                response.sendError(HttpServletResponse.SC_FORBIDDEN,
                        "metrics are served to loopback only; set token in etc/" + MetricsConfig.PID + ".cfg to scrape from elsewhere");
                return;
            }
            case WRONG_TOKEN -> {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "a bearer token is needed to scrape from elsewhere than loopback");
                return;
            }
            case ALLOWED -> {
                // served below
            }
        }
        String accept = request.getHeader("Accept");
        String type = accept != null && accept.contains("application/openmetrics-text")
                ? OpenMetricsTextFormatWriter.CONTENT_TYPE : PrometheusTextFormatWriter.CONTENT_TYPE;
        beforeScrape.run();
        response.setContentType(type);
        response.setHeader("Cache-Control", "no-store");
        registry.scrape(response.getOutputStream(), type);
    }
}
