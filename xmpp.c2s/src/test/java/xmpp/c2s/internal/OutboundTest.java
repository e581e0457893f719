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
        assertEquals("", sink.toString(StandardCharsets.UTF_8), "not even a keepalive");
        o.start().finish(new byte[0]);
        assertTrue(o.awaitWritten(Duration.ofSeconds(5)));
        assertTrue(sink.toString(StandardCharsets.UTF_8).startsWith("<first/>"));
    }

    @Test
    void anIdleConnectionGetsWhitespaceKeepalives() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Outbound o = new Outbound(sink, 10, 1 << 20, Duration.ofMillis(50), "t", () -> { }).start();
        Thread.sleep(300);
        o.finish(new byte[0]);
        assertTrue(o.awaitWritten(Duration.ofSeconds(5)));
        String written = sink.toString(StandardCharsets.UTF_8);
        assertTrue(written.length() >= 2 && written.isBlank(), "spaces only: '" + written + "'");
    }

    @Test
    void aClientThatDoesNotReadFillsItsQueueAndTheRestIsRefusedNotLost() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        };
        Outbound o = new Outbound(stuck, 3, 1 << 20, Duration.ofMinutes(1), "t", () -> { }).start();
        int queued = 0;
        for (int i = 0; i < 10; i++) if (o.offer(Element.of("m" + i)) == Outbound.Offer.QUEUED) queued++;
        Thread.sleep(100);   // the writer takes one item, then blocks on it for good
        for (int i = 10; i < 20; i++) if (o.offer(Element.of("m" + i)) == Outbound.Offer.QUEUED) queued++;
        assertTrue(queued <= 4, "bounded: " + queued);   // up to 3 waiting, plus the one the writer holds
        assertEquals(Outbound.Offer.FULL, o.offer(Element.of("late")));
        List<Element> left = o.unwritten();
        assertTrue(left.size() >= queued - 1, "what was not written can be routed elsewhere: " + left);
        never.countDown();
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
}
