package xmpp.cluster.hazelcast.internal;

import com.hazelcast.map.IMap;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A Hazelcast map of text values changed by compare-and-set: read, compute, replace if unchanged,
 * else again. The values are plain strings, so no class of this bundle has to be known to the
 * member that owns a key, and two nodes changing one account's sessions never lose an update.
 */
final class CasMap {

    private final IMap<String, String> map;

    CasMap(IMap<String, String> map) {
        this.map = map;
    }

    /**
     * Applies {@code change} to the value of {@code key} (null: absent; returning null removes it).
     *
     * @return the value before the change that took effect
     */
    String update(String key, UnaryOperator<String> change) {
        while (true) {
            String before = map.get(key);
            String after = change.apply(before);
            if (Objects.equals(before, after)) return before;
            boolean done = before == null ? map.putIfAbsent(key, after) == null
                    : after == null ? map.remove(key, before)
                    : map.replace(key, before, after);
            if (done) return before;
        }
    }

    String get(String key) {
        return map.get(key);
    }

    IMap<String, String> map() {
        return map;
    }
}
