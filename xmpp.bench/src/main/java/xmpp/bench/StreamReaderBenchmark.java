package xmpp.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import xmpp.core.spi.stream.StreamLimits;
import xmpp.core.spi.stream.StreamParser;
import xmpp.core.spi.stream.StreamReader;

/**
 * What a connection's parser costs per stanza, in-process. {@code stanzasAtHand} is the baseline:
 * every stanza is already there when the last one ends, so one parser reads them all.
 * {@code stanzaAfterAPause}: nothing is at hand after each stanza, and no periodic check comes
 * before the next: a client that sends often, whose parser is kept aside while it waits.
 * {@code stanzaAfterAnIdleSecond}: the listener's periodic check runs twice before each stanza, so
 * the reader drops its parser (an idle stream holds none) and starts a new one: the most that costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class StreamReaderBenchmark {

    private static final int STANZAS = 100;
    private static final byte[] HEADER = ("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
            + "to='localhost' version='1.0'>").getBytes(StandardCharsets.UTF_8);
    private static final byte[] MESSAGE = ("<message to='juliet@localhost/balcony' type='chat' id='m1'><body>Wherefore art thou, Romeo?</body>"
            + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>").getBytes(StandardCharsets.UTF_8);
    private final StreamParser parser = new StreamParser(StreamLimits.DEFAULT);

    @Benchmark
    @OperationsPerInvocation(STANZAS)
    public void stanzasAtHand(Blackhole hole) throws Exception {
        read(new Pieces(false), hole, false);
    }

    @Benchmark
    @OperationsPerInvocation(STANZAS)
    public void stanzaAfterAPause(Blackhole hole) throws Exception {
        read(new Pieces(true), hole, false);
    }

    @Benchmark
    @OperationsPerInvocation(STANZAS)
    public void stanzaAfterAnIdleSecond(Blackhole hole) throws Exception {
        read(new Pieces(true), hole, true);
    }

    private void read(InputStream in, Blackhole hole, boolean idleBetween) throws Exception {
        StreamReader reader = parser.open(in);
        reader.readHeader();
        for (int i = 0; i < STANZAS; i++) {
            if (idleBetween) {
                reader.releaseIdleParser();
                reader.releaseIdleParser();
            }
            hole.consume(reader.nextStanza());
        }
    }

    /** The header, then the message {@link #STANZAS} times; with pauses, nothing is available beyond the piece being read. */
    private static final class Pieces extends InputStream {
        private final boolean pauses;
        private ByteArrayInputStream piece = new ByteArrayInputStream(HEADER);
        private int messages;

        Pieces(boolean pauses) {
            this.pauses = pauses;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (piece.available() == 0) {
                if (messages == STANZAS) return -1;
                messages++;
                piece = new ByteArrayInputStream(MESSAGE);
            }
            return piece.read(b, off, len);
        }

        @Override
        public int available() {
            return piece.available() > 0 ? piece.available() : !pauses && messages < STANZAS ? MESSAGE.length : 0;
        }
    }
}
