package xmpp.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.route.Sessions;
import xmpp.core.spi.metrics.PoolStatistics;
import xmpp.core.spi.metrics.RoutingStatistics;
import xmpp.core.spi.metrics.S2SStatistics;
import xmpp.core.spi.metrics.SessionTransport;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/** Each gatherer, read through what Prometheus would scrape. */
class MetersTest {

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** The value of the sample {@code series} (name and labels as scraped), or a failure naming what was there. */
    double sample(String series) {
        String scraped = registry.scrape();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scraped);
        if (!m.find()) throw new AssertionError("no " + series + " in:\n" + scraped);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void routedStanzasAreCountersByTypeReadFromTheRouter() {
        Map<String, AtomicLong> counts = Map.of("message", new AtomicLong(3), "presence", new AtomicLong(2), "iq", new AtomicLong(1),
                "other", new AtomicLong());
        AtomicLong queued = new AtomicLong(4);
        RoutingStatistics router = new RoutingStatistics() {
            @Override
            public long routed(String kind) {
                return counts.get(kind).get();
            }

            @Override
            public int queuedIqs() {
                return (int) queued.get();
            }
        };
        RoutingMeters.register(router, new MeterSet(registry));   // held here: the counters hold it weakly, as DS holds the real one
        assertEquals(3, sample("xmpp_stanzas_routed_total{type=\"message\"}"));
        assertEquals(2, sample("xmpp_stanzas_routed_total{type=\"presence\"}"));
        assertEquals(4, sample("xmpp_iq_queued"));
        counts.get("message").addAndGet(5);
        queued.set(0);
        assertEquals(8, sample("xmpp_stanzas_routed_total{type=\"message\"}"), "read at each scrape");
        assertEquals(0, sample("xmpp_iq_queued"));
    }

    record FakeSession(Jid jid, int queued, String transport) implements Session, SessionTransport {
        @Override
        public void deliver(Element stanza) {
        }

        @Override
        public void close(StreamError error) {
        }
    }

    record FakeSessions(List<Session> all) implements Sessions {
        @Override
        public Optional<Element> presenceOf(Jid fullJid) {
            return Optional.empty();
        }

        @Override
        public Optional<Session> session(Jid fullJid) {
            return Optional.empty();
        }

        @Override
        public List<Session> sessionsOf(Jid bareJid) {
            return List.of();
        }

        @Override
        public boolean accountExists(Jid account) {
            return true;
        }

        @Override
        public Collection<Session> sessions() {
            return List.copyOf(all);
        }
    }

    @Test
    void sessionsAreCountedByHostAndTransportAtEachRefresh() {
        List<Session> all = new ArrayList<>(List.of(new FakeSession(Jid.of("a@one.test/r"), 2, "tcp"),
                new FakeSession(Jid.of("b@one.test/r"), 5, "tcp"), new FakeSession(Jid.of("c@two.test/r"), 0, "websocket")));
        SessionMeters meters = new SessionMeters(new FakeSessions(all), new MeterSet(registry));
        meters.refresh();
        assertEquals(2, sample("xmpp_sessions{host=\"one.test\",transport=\"tcp\"}"));
        assertEquals(1, sample("xmpp_sessions{host=\"two.test\",transport=\"websocket\"}"));
        assertEquals(7, sample("xmpp_sessions_queued"));
        assertEquals(5, sample("xmpp_sessions_queue_deepest"));
        all.removeIf(s -> s.jid().domainpart().equals("two.test"));
        meters.refresh();
        assertEquals(0, sample("xmpp_sessions{host=\"two.test\",transport=\"websocket\"}"), "gone, shown as none");
    }

    @Test
    void iqLatencyIsATimerByNamespaceWithHistogramBuckets() {
        ProbeMeters probe = new ProbeMeters(registry);
        probe.iqAnswered("jabber:iq:version", TimeUnit.MILLISECONDS.toNanos(2));
        probe.iqAnswered("jabber:iq:version", TimeUnit.MILLISECONDS.toNanos(300));
        probe.iqAnswered("urn:xmpp:ping", TimeUnit.MICROSECONDS.toNanos(50));
        assertEquals(2, sample("xmpp_iq_latency_seconds_count{namespace=\"jabber:iq:version\"}"));
        assertEquals(1, sample("xmpp_iq_latency_seconds_bucket{namespace=\"jabber:iq:version\",le=\"0.005\"}"));
        assertEquals(2, sample("xmpp_iq_latency_seconds_bucket{namespace=\"jabber:iq:version\",le=\"0.5\"}"));
        assertEquals(1, sample("xmpp_iq_latency_seconds_count{namespace=\"urn:xmpp:ping\"}"));
    }

    @Test
    void authenticationsAreCountedByMechanismAndOutcome() {
        ProbeMeters probe = new ProbeMeters(registry);
        probe.authenticated("PLAIN", false);
        probe.authenticated("PLAIN", true);
        probe.authenticated("SCRAM-SHA-256", true);
        probe.authenticated("SCRAM-SHA-256", true);
        assertEquals(1, sample("xmpp_authentications_total{mechanism=\"PLAIN\",outcome=\"failed\"}"));
        assertEquals(1, sample("xmpp_authentications_total{mechanism=\"PLAIN\",outcome=\"ok\"}"));
        assertEquals(2, sample("xmpp_authentications_total{mechanism=\"SCRAM-SHA-256\",outcome=\"ok\"}"));
    }

    @Test
    void s2sStreamsAndThePoolAreGaugesThatGoWithTheirService() {
        MeterSet s2s = new MeterSet(registry);
        S2SMeters.register(new S2SStatistics() {
            @Override
            public int incoming() {
                return 2;
            }

            @Override
            public int outgoing() {
                return 1;
            }

            @Override
            public int queued() {
                return 7;
            }
        }, s2s);
        PoolMeters.register(new PoolStatistics() {
            @Override
            public int active() {
                return 1;
            }

            @Override
            public int idle() {
                return 3;
            }

            @Override
            public int max() {
                return 10;
            }

            @Override
            public int waiting() {
                return 0;
            }
        }, new MeterSet(registry));
        assertEquals(2, sample("xmpp_s2s_streams{direction=\"in\"}"));
        assertEquals(1, sample("xmpp_s2s_streams{direction=\"out\"}"));
        assertEquals(7, sample("xmpp_s2s_queued"));
        assertEquals(1, sample("xmpp_db_pool_connections{state=\"active\"}"));
        assertEquals(3, sample("xmpp_db_pool_connections{state=\"idle\"}"));
        assertEquals(10, sample("xmpp_db_pool_max"));
        s2s.removeAll();
        assertFalse(registry.scrape().contains("xmpp_s2s_streams"), "no numbers from a bundle that is gone");
        assertTrue(registry.scrape().contains("xmpp_db_pool_max"));
    }
}
