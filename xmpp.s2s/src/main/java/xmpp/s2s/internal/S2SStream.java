package xmpp.s2s.internal;

import java.time.Instant;

/** A stream to or from another server: what the shell lists, and the service checks every second. */
interface S2SStream {

    /** What {@code xmpp:s2s} shows of a stream. */
    record Info(long id, String direction, String local, String remote, String auth, String tls, Instant since, String peer, int queued) {
    }

    Info info();

    /**
     * From the service's once-a-second check: a stream that waits for input lets its parser go
     * after a check or two (see {@link xmpp.core.spi.stream.StreamReader}), as a client's does.
     */
    default void releaseIdleParser() {
        Wire w = wire();
        if (w != null) w.releaseIdleParser();
    }

    /** Whether the stream holds a parser now (tests: an idle stream holds none). */
    default boolean holdsParser() {
        Wire w = wire();
        return w != null && w.holdsParser();
    }

    /** The connection, or null while there is none yet. */
    Wire wire();

    /** Ends the stream at once, for the reason given (the shell, a stop); what waits for it is bounced. */
    void close(String why);
}
