package xmpp.mod.disco.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import xmpp.core.route.Component;
import xmpp.core.route.Disco;
import xmpp.core.route.IqHandler;
import xmpp.core.route.ServiceProperties;

/**
 * What one registered service adds to service discovery, read from its service properties: an
 * IQ handler's namespace (a server feature for scope {@code local}, an account feature for
 * scope {@code sm}), the features it declares, and a component's domains, identity and features
 * (a component's {@code xmpp.disco.feature}s are its own, not the server's), and whether it
 * answers discovery of its domain itself.
 */
record Contribution(List<String> hosts, List<String> serverFeatures, List<String> accountFeatures,
                    List<String> routes, Optional<Identity> identity, List<String> componentFeatures, boolean selfAnswered) {

    static Contribution of(Map<String, ?> props) {
        List<String> objectClasses = ServiceProperties.strings(props.get("objectClass"));
        boolean component = objectClasses.contains(Component.class.getName());
        List<String> declared = ServiceProperties.strings(props.get(Disco.FEATURE));
        List<String> serverFeatures = new java.util.ArrayList<>(component ? List.of() : declared);
        List<String> accountFeatures = new java.util.ArrayList<>(ServiceProperties.strings(props.get(Disco.ACCOUNT_FEATURE)));
        String namespace = java.util.Objects.toString(props.get(IqHandler.NAMESPACE), "").strip();
        if (objectClasses.contains(IqHandler.class.getName()) && !namespace.isEmpty()) {
            List<String> scopes = ServiceProperties.strings(props, IqHandler.SCOPE, IqHandler.SCOPE_LOCAL);
            if (scopes.contains(IqHandler.SCOPE_LOCAL)) serverFeatures.add(namespace);
            if (scopes.contains(IqHandler.SCOPE_SM)) accountFeatures.add(namespace);
        }
        List<String> routes = component ? ServiceProperties.strings(props.get(Component.ROUTE)) : List.of();
        Optional<Identity> identity = component
                ? ServiceProperties.strings(props.get(Disco.IDENTITY)).stream().findFirst().map(Identity::parse)
                : Optional.empty();
        return new Contribution(ServiceProperties.strings(props, IqHandler.HOST, IqHandler.ANY_HOST),
                List.copyOf(serverFeatures), List.copyOf(accountFeatures), routes, identity, component ? declared : List.of(),
                component && Boolean.parseBoolean(java.util.Objects.toString(props.get(Disco.SELF_ANSWERED), "false").strip()));
    }

    boolean serves(String host) {
        return hosts.contains(IqHandler.ANY_HOST) || hosts.contains(host);
    }
}
