package xmpp.s2s.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import xmpp.core.route.ServiceProperties;

/** Where a remote domain's server listens: a host, a port, and whether TLS starts at once (XEP-0368). */
record PeerAddress(String host, int port, boolean directTls) {

    private static final System.Logger log = System.getLogger(PeerAddress.class.getName());
    static final int DEFAULT_PORT = 5269;
    private static final String DIRECT_TLS_SUFFIX = "+tls";

    @Override
    public String toString() {
        return host + ":" + port + (directTls ? " (direct TLS)" : "");
    }

    /** The {@code static.routes} setting: {@code domain=host:port} or {@code domain=host:port+tls}; a wrong entry is logged and skipped. */
    static Map<String, PeerAddress> staticRoutes(String[] configured) {
        Map<String, PeerAddress> routes = new LinkedHashMap<>();
        for (String entry : ServiceProperties.strings(configured)) {
            if (entry.isBlank()) continue;
            try {
                int eq = entry.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("no '='");
                routes.put(entry.substring(0, eq).strip().toLowerCase(Locale.ROOT), parse(entry.substring(eq + 1).strip()));
            } catch (IllegalArgumentException e) {
                log.log(System.Logger.Level.ERROR, "ignoring static.routes entry ''{0}'' in etc/{1}.cfg: {2}; write domain=host:port",
                        entry.strip(), S2SConfig.PID, e.getMessage());
            }
        }
        return routes;
    }

    static PeerAddress parse(String hostPort) {
        boolean direct = hostPort.endsWith(DIRECT_TLS_SUFFIX);
        String address = direct ? hostPort.substring(0, hostPort.length() - DIRECT_TLS_SUFFIX.length()) : hostPort;
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || address.endsWith("]")) return new PeerAddress(unbracketed(address), DEFAULT_PORT, direct);
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + address.substring(colon + 1) + "' is not a port");
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException(port + " is not a port");
        return new PeerAddress(unbracketed(address.substring(0, colon)), port, direct);
    }

    private static String unbracketed(String host) {
        if (host.isEmpty()) throw new IllegalArgumentException("no host");
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
