package xmpp.core.route;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads service properties that may hold several values, however they arrived: a
 * {@code String[]} or a collection from a DS annotation or a registration, or one string with
 * commas from a {@code .cfg} file ({@code xmpp.host=a.example,b.example}), which Configuration
 * Admin passes on as it is. Every value is trimmed; blanks and repeats are dropped.
 *
 * @since 1.1
 */
public final class ServiceProperties {

    private ServiceProperties() {
    }

    /** The values of {@code value} (a String, a String[], a collection, or null), in order. */
    public static List<String> strings(Object value) {
        Set<String> result = new LinkedHashSet<>();
        switch (value) {
            case null -> { }
            case Object[] array -> { for (Object o : array) split(o, result); }
            case Collection<?> c -> { for (Object o : c) split(o, result); }
            default -> split(value, result);
        }
        return List.copyOf(result);
    }

    /** The values of property {@code name}, or {@code fallback} when it has none. */
    public static List<String> strings(Map<String, ?> props, String name, String... fallback) {
        List<String> values = strings(props.get(name));
        return values.isEmpty() ? List.of(fallback) : values;
    }

    private static void split(Object value, Set<String> into) {
        if (value == null) return;
        for (String part : value.toString().split(",")) {
            String v = part.strip();
            if (!v.isEmpty()) into.add(v);
        }
    }
}
