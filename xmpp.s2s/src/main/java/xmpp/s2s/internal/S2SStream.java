package xmpp.s2s.internal;

import java.time.Instant;

/** A stream to or from another server, as the shell lists it. */
interface S2SStream {

    /** What {@code xmpp:s2s} shows of a stream. */
    record Info(long id, String direction, String local, String remote, String auth, String tls, Instant since, String peer, int queued) {
    }

    Info info();

    /** Ends the stream at once, for the reason given (the shell, a stop); what waits for it is bounced. */
    void close(String why);
}
