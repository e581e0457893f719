package xmpp.mod.proxy65.internal;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Copies bytes both ways between two activated connections, each way on its own virtual
 * thread. When one side stops sending, the other is told (its output is shut down), so the
 * receiver of a file reads its end; when both ways are done, or one fails, both connections close.
 */
final class Relay {

    private static final System.Logger log = System.getLogger(Relay.class.getName());

    private final Socket a;
    private final Socket b;
    private final Consumer<Socket> close;
    private final AtomicInteger running = new AtomicInteger(2);

    private Relay(Socket a, Socket b, Consumer<Socket> close) {
        this.a = a;
        this.b = b;
        this.close = close;
    }

    /** Relays between {@code a} and {@code b}; {@code close} closes a connection when the relay is done. */
    static void between(Socket a, Socket b, Consumer<Socket> close) {
        Relay relay = new Relay(a, b, close);
        Thread.ofVirtual().name("proxy65-relay").start(() -> relay.copy(a, b));
        Thread.ofVirtual().name("proxy65-relay").start(() -> relay.copy(b, a));
    }

    private void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
            if (running.decrementAndGet() == 0) closeBoth();
        } catch (IOException e) {
            if (running.getAndSet(0) == 0) return;   // the other way failed first and closed both
            log.log(System.Logger.Level.INFO, "proxy65: relay from {0} to {1} broke off: {2}",
                    from.getRemoteSocketAddress(), to.getRemoteSocketAddress(), e.getMessage());
            closeBoth();
        }
    }

    private void closeBoth() {
        close.accept(a);
        close.accept(b);
    }
}
