package xmpp.router.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Reading whiteboard service properties, which may be a String, a String[] or a collection. */
final class ServiceProps {

    private ServiceProps() {
    }

    /** The values of property {@code name}, or {@code fallback} when it is absent or empty. */
    static Set<String> strings(Map<String, ?> props, String name, String... fallback) {
        Object value = props.get(name);
        Set<String> result = new LinkedHashSet<>();
        if (value instanceof String s) {
            result.add(s);
        } else if (value instanceof String[] array) {
            result.addAll(java.util.List.of(array));
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) result.add(String.valueOf(o));
        }
        result.removeIf(String::isBlank);
        return result.isEmpty() ? Set.of(fallback) : Set.copyOf(result);
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
