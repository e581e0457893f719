package xmpp.s2s.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** {@link Dns} with dnsjava and the system's resolvers (resolv.conf); no answers are cached here, dnsjava's cache keeps their TTLs. */
final class DnsJava implements Dns {

    private final Duration timeout;
    // Made at the first look-up: it loads most of dnsjava's classes (some 180 at start, metaspace
    // and heap), which a server that never federates with a peer found by DNS need not hold.
    private ExtendedResolver resolver;

    DnsJava(Duration timeout) {
        this.timeout = timeout;
    }

    private synchronized ExtendedResolver resolver() {
        if (resolver == null) {
            resolver = new ExtendedResolver();
            resolver.setTimeout(timeout);
        }
        return resolver;
    }

    @Override
    public List<Srv> srv(String name) throws IOException {
        List<Srv> found = new ArrayList<>();
        for (Record r : lookup(name, Type.SRV))
            if (r instanceof SRVRecord srv && !srv.getTarget().toString(true).equals("."))   // "." says: no service here
                found.add(new Srv(srv.getTarget().toString(true), srv.getPort(), srv.getPriority(), srv.getWeight()));
        return found;
    }

    @Override
    public boolean hasAddress(String host) throws IOException {
        return lookup(host, Type.A).length > 0 || lookup(host, Type.AAAA).length > 0;
    }

    private Record[] lookup(String name, int type) throws IOException {
        try {
            Lookup lookup = new Lookup(name, type);
            lookup.setResolver(resolver());
            Record[] records = lookup.run();
            return switch (lookup.getResult()) {
                case Lookup.SUCCESSFUL -> records;
                case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> new Record[0];
                default -> throw new IOException("DNS " + Type.string(type) + " look-up of " + name + " failed: " + lookup.getErrorString());
            };
        } catch (TextParseException e) {
            throw new IOException("'" + name + "' is no DNS name: " + e.getMessage(), e);
        }
    }
}
