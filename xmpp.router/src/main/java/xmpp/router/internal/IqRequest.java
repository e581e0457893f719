package xmpp.router.internal;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import xmpp.core.spi.metrics.ServerProbe;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.xml.Element;

/** One IQ on its way through a handler: answered exactly once, by the handler, its timeout or its removal. */
final class IqRequest {

    private final Iq iq;
    private final Consumer<Element> replies;
    private final ServerProbe probe;
    private final long started;   // System.nanoTime() when it was handed over; 0 when no probe wants it
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile Future<?> timeout;

    IqRequest(Iq iq, Consumer<Element> replies, ServerProbe probe) {
        this.iq = iq;
        this.replies = replies;
        this.probe = probe;
        this.started = probe == ServerProbe.NONE ? 0 : System.nanoTime();
    }

    Iq iq() {
        return iq;
    }

    void timeoutTask(Future<?> task) {
        timeout = task;
        if (answered.get()) task.cancel(false);   // answered before the timer was armed
    }

    boolean isAnswered() {
        return answered.get();
    }

    /** Sends {@code reply} unless the request was answered already; returns whether it was sent. */
    boolean answer(Element reply) {
        if (!answered.compareAndSet(false, true)) return false;
        Future<?> t = timeout;
        if (t != null) t.cancel(false);
        // Told before the reply leaves: whoever sees the answer and then reads the metrics finds it counted.
        if (probe != ServerProbe.NONE) probe.iqAnswered(iq.namespace(), System.nanoTime() - started);
        replies.accept(reply);
        return true;
    }

    boolean answer(StanzaError.Condition condition, String text) {
        return answer(iq.errorReply(StanzaError.of(condition, text)));
    }
}
