package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import xmpp.core.xml.Element;

class OutboundTest {

    @Test
    void writesInOrderThenTheLastBytes() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Outbound o = new Outbound(sink, 10, 1 << 20, Duration.ofMinutes(1), "t", () -> { }).start();
        assertEquals(Outbound.Offer.QUEUED, o.offer(Element.of("a")));
        assertEquals(Outbound.Offer.QUEUED, o.offer(Element.of("b")));
        o.finish("</stream:stream>".getBytes(StandardCharsets.UTF_8));
        assertTrue(o.awaitWritten(Duration.ofSeconds(5)));
        assertEquals("<a/><b/></stream:stream>", sink.toString(StandardCharsets.UTF_8));
        assertEquals(Outbound.Offer.CLOSED, o.offer(Element.of("c")));
    }

    @Test
    void nothingIsWrittenBeforeStart() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Outbound o = new Outbound(sink, 10, 1 << 20, Duration.ofMillis(20), "t", () -> { });
        o.offer(Element.of("first"));
        Thread.sleep(100);
        o.keepAliveIfIdle();
        assertEquals("", sink.toString(StandardCharsets.UTF_8), "not even a keepalive");
        o.start().finish(new byte[0]);
        assertTrue(o.awaitWritten(Duration.ofSeconds(5)));
        assertTrue(sink.toString(StandardCharsets.UTF_8).startsWith("<first/>"));
    }

    @Test
    void anIdleConnectionGetsWhitespaceKeepalives() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Outbound o = new Outbound(sink, 10, 1 << 20, Duration.ofMillis(50), "t", () -> { }).start();
        o.keepAliveIfIdle();
        assertEquals("", sink.toString(StandardCharsets.UTF_8), "not before the keepalive time");
        for (int spaces = 0; spaces < 2; spaces++) {   // what the listener's periodic check does
            Thread.sleep(60);
            o.keepAliveIfIdle();
        }
        o.finish(new byte[0]);
        assertTrue(o.awaitWritten(Duration.ofSeconds(5)));
        String written = sink.toString(StandardCharsets.UTF_8);
        assertTrue(written.length() >= 2 && written.isBlank(), "spaces only: '" + written + "'");
    }

    @Test
    void aClientThatDoesNotReadFillsItsQueueAndTheRestIsRefusedNotLost() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        OutputStream stuck = stuckUntil(never);
        Outbound o = new Outbound(stuck, 3, 1 << 20, Duration.ofMinutes(1), "t", () -> { }).start();
        int queued = 0;
        for (int i = 0; i < 10; i++) if (o.offer(Element.of("m" + i)) == Outbound.Offer.QUEUED) queued++;
        while (o.stalled().isZero()) Thread.sleep(5);   // the writer took one item, alone, and blocks on it for good
        for (int i = 10; i < 20; i++) if (o.offer(Element.of("m" + i)) == Outbound.Offer.QUEUED) queued++;
        assertTrue(queued <= 4, "bounded: " + queued);   // up to 3 waiting, plus the one the writer holds
        assertEquals(Outbound.Offer.FULL, o.offer(Element.of("late")));
        List<byte[]> left = o.unwritten();
        assertTrue(left.size() >= queued - 1, "what was not written can be routed elsewhere: " + left);
        never.countDown();
    }

    @Test
    void anAbortSendsItsLastBytesNextAndHandsBackWhatWaited() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                sink.write(b);
            }
        };
        Outbound o = new Outbound(slow, 100, 1 << 20, Duration.ofMinutes(1), "t", () -> { }).start();
        for (int i = 0; i < 5; i++) o.offer(Element.of("m" + i));
        while (o.stalled().isZero()) Thread.sleep(5);   // the writer is on the first stanza, the rest wait
        List<byte[]> waiting = o.abort("<error/>".getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(List.of("<m1/>", "<m2/>", "<m3/>", "<m4/>"), waiting.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
        assertTrue(o.abort(new byte[0]).isEmpty(), "once only");
        assertEquals(Outbound.Offer.CLOSED, o.offer(Element.of("late")));
        release.countDown();
        assertTrue(o.awaitWritten(Duration.ofSeconds(5)));
        assertEquals("<m0/><error/>", sink.toString(StandardCharsets.UTF_8));
    }

    /** What a queue holds is what its byte limit counts: 230 bytes of {@code <a/>} children are some 2 KB as Elements. */
    @Test
    void aFullQueueHoldsNoMoreHeapThanItsByteLimit() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        OutputStream stuck = stuckUntil(never);
        long limit = 16 << 20;
        long before = Heap.usedAfterGc();
        Outbound o = new Outbound(stuck, 200_000, limit, Duration.ofMinutes(1), "t", () -> { }).start();
        int offered = 0;
        while (o.offer(manySmallElements(offered)) == Outbound.Offer.QUEUED) offered++;
        long held = Heap.usedAfterGc() - before;
        assertTrue(offered > 10_000 && offered < 200_000, "the byte limit filled the queue: " + offered);
        assertTrue(held < limit * 5 / 4, "a full queue of " + (limit >> 20) + " MiB holds " + (held >> 20) + " MiB of heap");
        never.countDown();
    }

    /**
     * What an idle session's outbound side costs: no writer thread parked while nothing is
     * queued, and no queue slots reserved for stanzas that may never come (before, a parked
     * virtual thread and an array of max.queued.stanzas + 1 slots, some 5 KB a session).
     */
    @Test
    void anIdleQueueHoldsNoThreadAndNoSlots() throws Exception {
        int sessions = 2000;
        CountDownLatch allWritten = new CountDownLatch(sessions);
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void flush() {
                allWritten.countDown();
            }
        };
        List<Outbound> idle = new java.util.ArrayList<>();
        long before = Heap.usedAfterGc();
        for (int i = 0; i < sessions; i++) {
            Outbound o = new Outbound(sink, 1000, 4 << 20, Duration.ofMinutes(1), "idle" + i, () -> { }).start();
            o.offer(Element.of("bound"));
            idle.add(o);
        }
        allWritten.await();
        long perSession = (Heap.usedAfterGc() - before) / sessions;
        assertTrue(perSession < 1024, "an idle queue holds " + perSession + " bytes");
        idle.forEach(o -> o.finish(new byte[0]));
    }

    private static Element manySmallElements(int id) {
        Element.Builder b = Element.builder("message").attr("id", "m" + id);
        for (int i = 0; i < 50; i++) b.child(Element.of("a"));
        return b.build();
    }

    @Test
    void aBrokenConnectionIsReported() throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("reset");
            }
        };
        Outbound o = new Outbound(broken, 3, 1 << 20, Duration.ofMinutes(1), "t", () -> failed.set(true)).start();
        o.offer(Element.of("a"));
        assertTrue(o.awaitWritten(Duration.ofSeconds(5)));
        assertTrue(failed.get());
    }

    /** A client that reads nothing: every write blocks until {@code released} opens. */
    private static OutputStream stuckUntil(CountDownLatch released) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        };
    }
}
