package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The selector where silent connections wait: each watch's action runs once, with the channel free to block again. */
@Timeout(30)
class IdleReadersTest {

    /** A connected pair on loopback: the server's end (watched) and the client's. */
    record Pair(SocketChannel server, SocketChannel client) implements AutoCloseable {
        static Pair open() throws IOException {
            try (ServerSocketChannel listening = ServerSocketChannel.open()) {
                listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = SocketChannel.open(listening.getLocalAddress());
                return new Pair(listening.accept(), client);
            }
        }

        void send(String s) throws IOException {
            client.write(ByteBuffer.wrap(s.getBytes()));
        }

        @Override
        public void close() throws IOException {
            server.close();
            client.close();
        }
    }

    @Test
    void bytesRunTheActionOnceAndTheChannelCanBlockAgainThere() throws Exception {
        try (IdleReaders idle = new IdleReaders("test-idle"); Pair pair = Pair.open()) {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicInteger blockedAgain = new AtomicInteger();
            assertNotNull(idle.watch(pair.server(), () -> {
                try {
                    pair.server().configureBlocking(true);   // refused while the key is still registered
                    blockedAgain.incrementAndGet();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                ran.countDown();
            }));
            assertEquals(1, idle.watched());
            pair.send("<message/>");
            ran.await();
            assertEquals(1, blockedAgain.get());
            assertEquals(0, idle.watched());
            ByteBuffer read = ByteBuffer.allocate(64);
            assertEquals(10, pair.server().read(read), "the selector took none of the bytes");
        }
    }

    @Test
    void aWakeAndBytesTogetherRunTheActionOnce() throws Exception {
        try (IdleReaders idle = new IdleReaders("test-idle"); Pair pair = Pair.open(); Pair other = Pair.open()) {
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch ran = new CountDownLatch(1);
            IdleReaders.Watch w = idle.watch(pair.server(), () -> {
                runs.incrementAndGet();
                ran.countDown();
            });
            pair.send("x");
            w.wake();
            w.wake();
            ran.await();
            // Another watch's action runs on the same thread after more selections: by then a second run would have come.
            CountDownLatch otherRan = new CountDownLatch(1);
            idle.watch(other.server(), otherRan::countDown);
            other.send("y");
            otherRan.await();
            assertEquals(1, runs.get());
        }
    }

    @Test
    void aClosedChannelsWatchRunsWhenWoken() throws Exception {
        try (IdleReaders idle = new IdleReaders("test-idle"); Pair pair = Pair.open()) {
            CountDownLatch ran = new CountDownLatch(1);
            IdleReaders.Watch w = idle.watch(pair.server(), ran::countDown);
            pair.server().close();   // as SocketTransport.close(): the channel first, then the watch
            w.wake();
            ran.await();
            assertEquals(0, idle.watched());
        }
    }

    @Test
    void onceClosedItWatchesNothingAndTheChannelStaysBlocking() throws Exception {
        IdleReaders idle = new IdleReaders("test-idle");
        idle.close();
        try (Pair pair = Pair.open()) {
            assertNull(idle.watch(pair.server(), () -> { }));
            assertTrue(pair.server().isBlocking());
        }
    }
}
