package xmpp.s2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerResolverTest {

    /** DNS from a table. */
    private record TableDns(Map<String, List<Dns.Srv>> srv, Set<String> addresses) implements Dns {
        @Override
        public List<Srv> srv(String name) {
            return srv.getOrDefault(name, List.of());
        }

        @Override
        public boolean hasAddress(String host) {
            return addresses.contains(host);
        }
    }

    @Test
    void aStaticRouteWinsOverDns() throws Exception {
        Dns dns = new TableDns(Map.of("_xmpp-server._tcp.example.org", List.of(new Dns.Srv("xmpp.example.org", 5269, 0, 0))), Set.of());
        PeerResolver resolver = new PeerResolver(Map.of("example.org", new PeerAddress("127.0.0.1", 15269, false)), dns);
        assertEquals(List.of(new PeerAddress("127.0.0.1", 15269, false)), resolver.resolve("example.org"));
    }

    @Test
    void srvRecordsGoByPriorityWithDirectTlsFirstOnATie() throws Exception {
        Dns dns = new TableDns(Map.of(
                "_xmpp-server._tcp.example.org", List.of(new Dns.Srv("b.example.org", 5269, 10, 0), new Dns.Srv("a.example.org", 5269, 5, 0)),
                "_xmpps-server._tcp.example.org", List.of(new Dns.Srv("tls.example.org", 5270, 5, 0))), Set.of());
        assertEquals(List.of(new PeerAddress("tls.example.org", 5270, true), new PeerAddress("a.example.org", 5269, false),
                new PeerAddress("b.example.org", 5269, false)), new PeerResolver(Map.of(), dns).resolve("example.org"));
    }

    @Test
    void withoutSrvTheDomainItselfOn5269() throws Exception {
        Dns dns = new TableDns(Map.of(), Set.of("example.org"));
        assertEquals(List.of(new PeerAddress("example.org", 5269, false)), new PeerResolver(Map.of(), dns).resolve("example.org"));
    }

    @Test
    void aDomainWithoutSrvOrAddressIsNotFound() {
        PeerResolver.NotFound e = assertThrows(PeerResolver.NotFound.class,
                () -> new PeerResolver(Map.of(), new TableDns(Map.of(), Set.of())).resolve("nowhere.example"));
        assertTrue(e.getMessage().contains("nowhere.example"), e.getMessage());
    }

    @Test
    void aFailingDnsIsNotFoundWithItsReason() {
        Dns broken = new Dns() {
            @Override
            public List<Srv> srv(String name) throws IOException {
                throw new IOException("DNS SRV look-up of " + name + " failed: timed out");
            }

            @Override
            public boolean hasAddress(String host) {
                return false;
            }
        };
        PeerResolver.NotFound e = assertThrows(PeerResolver.NotFound.class, () -> new PeerResolver(Map.of(), broken).resolve("example.org"));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    }

    @Test
    void staticRoutesAreParsedAndWrongEntriesSkipped() {
        Map<String, PeerAddress> routes = PeerAddress.staticRoutes(new String[] {
                "b.test=127.0.0.1:15270", "C.test=[::1]:15271+tls", "d.test=host.example", "bad", "e.test=h:notaport"});
        assertEquals(Map.of("b.test", new PeerAddress("127.0.0.1", 15270, false), "c.test", new PeerAddress("::1", 15271, true),
                "d.test", new PeerAddress("host.example", 5269, false)), routes);
    }
}
