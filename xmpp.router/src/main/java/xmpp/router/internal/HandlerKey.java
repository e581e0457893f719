package xmpp.router.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import xmpp.core.route.IqHandler;
import xmpp.core.route.ServiceProperties;

/** Where an IQ handler answers: scope ({@code local} or {@code sm}), host (or {@code *}), namespace. */
public record HandlerKey(String scope, String host, String namespace) {

    /** Every key a handler's service properties claim: each scope times each host. */
    static Set<HandlerKey> allOf(Map<String, ?> props) {
        String namespace = ServiceProps.string(props, IqHandler.NAMESPACE, "");
        if (namespace.isEmpty()) return Set.of();
        Set<HandlerKey> keys = new HashSet<>();
        for (String scope : ServiceProperties.strings(props, IqHandler.SCOPE, IqHandler.SCOPE_LOCAL))
            for (String host : ServiceProperties.strings(props, IqHandler.HOST, IqHandler.ANY_HOST))
                keys.add(new HandlerKey(scope, host, namespace));
        return keys;
    }

    @Override
    public String toString() {
        return namespace + " (scope " + scope + ", host " + host + ")";
    }
}
