package xmpp.c2s.internal;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A listener configured as the server ships it: {@link ListenerConfig}'s defaults under a file of {@code distro/etc/}. */
final class ShippedConfig {

    private static final Path ETC = Path.of("..", "distro", "etc");   // tests run in the module's folder

    private ShippedConfig() {
    }

    /** The listener of {@code file} (e.g. {@code xmpp.c2s-default.cfg}), moved to an ephemeral port on 127.0.0.1. */
    static Settings listener(String file) throws IOException {
        Properties shipped = new Properties();
        try (Reader in = Files.newBufferedReader(ETC.resolve(file))) {
            shipped.load(in);
        }
        ListenerConfig config = (ListenerConfig) Proxy.newProxyInstance(ListenerConfig.class.getClassLoader(),
                new Class<?>[] {ListenerConfig.class}, (proxy, method, args) -> {
                    String value = shipped.getProperty(keyOf(method));
                    return value == null ? method.getDefaultValue() : parse(value.strip(), method.getReturnType());
                });
        Settings s = Settings.of(config);
        return new Settings("127.0.0.1", 0, s.directTls(), s.starttlsRequired(), s.plaintextOnLoopback(), s.maxStanzaBytes(),
                s.authTimeout(), s.maxAuthFailures(), s.maxConnections(), s.maxUnauthenticatedPerIp(),
                s.maxFailedLoginsPerIp(), s.failedLoginsWindow(), s.maxQueuedStanzas(), s.maxQueuedBytes(), s.keepalive(), s.writeTimeout());
    }

    /** Declarative Services' mapping of an annotation method to a property: {@code max_connections} is {@code max.connections}. */
    private static String keyOf(Method method) {
        return method.getName().replace('_', '.');
    }

    private static Object parse(String value, Class<?> type) {
        if (type == int.class) return Integer.parseInt(value);
        if (type == long.class) return Long.parseLong(value);
        if (type == boolean.class) return Boolean.parseBoolean(value);
        return value;
    }
}
