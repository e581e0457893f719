package xmpp.core.spi.metrics;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * SPI: events of the server, told to a metrics bundle as they happen, on the thread where they
 * happen. A service that a metrics bundle registers; the router and the client listener call the
 * highest-ranked one, or {@link #NONE}. Each method must return at once and never throw: it runs
 * on the routing and login paths.
 */
@ConsumerType
public interface ServerProbe {

    /** What the server calls while no probe is registered. */
    ServerProbe NONE = new ServerProbe() {
        @Override
        public void iqAnswered(String namespace, long nanos) {
        }

        @Override
        public void authenticated(String mechanism, boolean success) {
        }
    };

    /**
     * An IQ get or set was answered by the handler for {@code namespace} (a result, an error, or a
     * timeout), {@code nanos} after it was handed to the handler's queue.
     */
    void iqAnswered(String namespace, long nanos);

    /**
     * A client's SASL authentication with {@code mechanism} ended: {@code success}, or a failure
     * the client is told (a wrong password, a malformed exchange; not an abort).
     */
    void authenticated(String mechanism, boolean success);
}
