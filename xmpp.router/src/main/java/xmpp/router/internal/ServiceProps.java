package xmpp.router.internal;

import java.util.Map;

/** Reading single-valued whiteboard service properties; several values go through {@link xmpp.core.route.ServiceProperties}. */
final class ServiceProps {

    private ServiceProps() {
    }

    static String string(Map<String, ?> props, String name, String fallback) {
        Object value = props.get(name);
        return value instanceof String s && !s.isBlank() ? s : fallback;
    }

    static int ranking(Map<String, ?> props) {
        return props.get("service.ranking") instanceof Integer i ? i : 0;
    }

    /** Who registered a service, for log lines and the shell: its component name, else its service id. */
    static String owner(Map<String, ?> props) {
        Object name = props.get("component.name");
        return name != null ? name.toString() : "service " + props.get("service.id");
    }
}
