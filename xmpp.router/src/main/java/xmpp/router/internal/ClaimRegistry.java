package xmpp.router.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whiteboard bookkeeping for services that claim keys (a domain, an IQ namespace on a host):
 * the first registration of a key holds it, later ones wait, and when the holder leaves the
 * next waiting one in arrival order takes over. Lookups are lock-free; registrations, rare,
 * take a lock.
 *
 * @param <K> what is claimed
 * @param <V> what a registration puts under its keys
 */
final class ClaimRegistry<K, V> {

    private static final System.Logger log = System.getLogger(ClaimRegistry.class.getName());

    private record Registration<K, V>(Set<K> keys, V value, String owner) {
    }

    private final String what;
    private final Map<K, V> holders = new ConcurrentHashMap<>();
    private final Map<Object, Registration<K, V>> registrations = new LinkedHashMap<>();   // arrival order
    private final Map<K, Object> holderOf = new ConcurrentHashMap<>();

    /** @param what names the keys in log lines, e.g. "route" */
    ClaimRegistry(String what) {
        this.what = what;
    }

    /** The value registered under {@code key}, or null. */
    V get(K key) {
        return holders.get(key);
    }

    /** Every key with its value. A snapshot. */
    Map<K, V> snapshot() {
        return Map.copyOf(holders);
    }

    /** Registers {@code service}'s claim on {@code keys}; keys already held wait for their holder to leave. */
    synchronized void add(Object service, Set<K> keys, V value, String owner) {
        registrations.put(service, new Registration<>(Set.copyOf(keys), value, owner));
        for (K key : keys) {
            Object holder = holderOf.get(key);
            if (holder == null) {
                claim(key, service, value);
            } else {
                log.log(System.Logger.Level.WARNING, "{0} {1} is taken by {2}; {3} waits for it: disable one of the two",
                        what, key, registrations.get(holder).owner(), owner);
            }
        }
    }

    /**
     * Removes {@code service}'s claims and hands each key it held to the next waiting claimant.
     *
     * @return the value it had registered, or null if it was not registered
     */
    synchronized V remove(Object service) {
        Registration<K, V> gone = registrations.remove(service);
        if (gone == null) return null;
        for (K key : gone.keys()) {
            if (holderOf.get(key) != service) continue;
            holderOf.remove(key);
            holders.remove(key);
            for (Map.Entry<Object, Registration<K, V>> waiting : registrations.entrySet()) {
                if (waiting.getValue().keys().contains(key)) {
                    claim(key, waiting.getKey(), waiting.getValue().value());
                    log.log(System.Logger.Level.INFO, "{0} {1} passes from {2} to {3}", what, key, gone.owner(), waiting.getValue().owner());
                    break;
                }
            }
        }
        return gone.value();
    }

    private void claim(K key, Object service, V value) {
        holderOf.put(key, service);
        holders.put(key, value);
    }
}
