package xmpp.http.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A configuration annotation as DS makes it: the given values, else each method's default. */
final class Configs {

    private Configs() {
    }

    static <A> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) return type;
            Object value = values.get(method.getName());
            return value != null ? value : method.getDefaultValue();
        }));
    }
}
