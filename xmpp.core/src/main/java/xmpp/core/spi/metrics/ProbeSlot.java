package xmpp.core.spi.metrics;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link ServerProbe} a component calls: the one DS bound last, or {@link ServerProbe#NONE}.
 * A component owns one and binds to it from a dynamic, optional, greedy reference, so that a
 * metrics bundle can come and go while the server runs.
 */
public final class ProbeSlot {

    private final AtomicReference<ServerProbe> probe = new AtomicReference<>(ServerProbe.NONE);

    /** The probe to call now; {@link ServerProbe#NONE} without one, which a caller may compare with to skip measuring what nobody takes. */
    public ServerProbe get() {
        return probe.get();
    }

    public void bind(ServerProbe bound) {
        probe.set(bound);
    }

    /** Clears the slot if it still holds {@code unbound}: DS binds a better-ranked probe before it unbinds the old one. */
    public void unbind(ServerProbe unbound) {
        probe.compareAndSet(unbound, ServerProbe.NONE);
    }
}
