package xmpp.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The configured path, or /metrics when it is none a servlet can be registered at. */
class EndpointPathTest {

    @Test
    void aPathIsTakenAsWritten() {
        assertEquals("/metrics", MetricsService.endpointPath("/metrics"));
        assertEquals("/ops/prometheus", MetricsService.endpointPath(" /ops/prometheus "));
    }

    @Test
    void whatIsNoPathFallsBackToTheDefault() {
        for (String wrong : new String[] {"", "metrics", "/", "/metrics/", "/metrics/*"})
            assertEquals("/metrics", MetricsService.endpointPath(wrong), "'" + wrong + "'");
    }
}
