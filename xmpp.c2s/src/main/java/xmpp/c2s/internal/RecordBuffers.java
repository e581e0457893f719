package xmpp.c2s.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Buffers for outgoing TLS records, lent for one write. {@code SSLEngine.wrap} wants room for
 * the largest record (some 16 KB) however little it writes: allocating that per write would cost
 * more than the write, and keeping one per connection is what this replaces. A few are kept for
 * reuse; a write that finds none takes a new one.
 */
final class RecordBuffers {

    // About as many as writes run at once (carrier threads), plus some held by slow clients: 1 MiB at most.
    private static final int KEPT = 64;

    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(KEPT);

    ByteBuffer borrow(int size) {
        ByteBuffer b = free.poll();
        return b != null && b.capacity() >= size ? b.clear() : ByteBuffer.allocate(size);
    }

    void giveBack(ByteBuffer b) {
        free.offer(b);
    }
}
