package xmpp.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static xmpp.router.internal.Harness.props;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import xmpp.core.route.IqHandler;
import xmpp.core.spi.metrics.ServerProbe;
import xmpp.core.stanza.Iq;
import xmpp.core.stanza.StanzaError;
import xmpp.core.stanza.StanzaException;
import xmpp.core.xml.Element;

/** The seed's gen_iq_handler disciplines, failures and removal, on the dispatcher alone. */
class IqDispatcherTest {

    final IqDispatcher dispatcher = new IqDispatcher(Duration.ofSeconds(5), 100, 100);
    final BlockingQueue<Element> replies = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        dispatcher.deactivate();
    }

    static Iq iq(String id) throws Exception {
        return Iq.of(Harness.xml("<iq type='get' id='" + id + "' from='a@localhost/r' to='localhost'><q xmlns='urn:test'/></iq>"));
    }

    void register(IqHandler handler, String discipline) {
        dispatcher.addIqHandler(handler, props(IqHandler.NAMESPACE, "urn:test", IqHandler.DISCIPLINE, discipline));
    }

    boolean send(String id) throws Exception {
        return dispatcher.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq(id), replies::add);
    }

    Element reply() throws InterruptedException {
        Element e = replies.poll(5, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError("no reply within 5 s");
        return e;
    }

    static String condition(Element reply) {
        return reply.child("error").orElseThrow().firstElement().orElseThrow().name();
    }

    @Test
    void noQueueRunsOnTheRoutingThread() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        register(iq -> { ranOn.set(Thread.currentThread()); return iq.resultReply(); }, IqHandler.NO_QUEUE);
        assertTrue(send("1"));
        assertSame(Thread.currentThread(), ranOn.get());
        assertEquals("result", replies.poll().attr("type"), "answered before dispatch returned");
    }

    @Test
    void anOperatorsIqdiscOverridesTheModulesDiscipline() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        dispatcher.addIqHandler(iq -> { ranOn.set(Thread.currentThread()); return iq.resultReply(); },
                props(IqHandler.NAMESPACE, "urn:test", IqHandler.DISCIPLINE, IqHandler.PARALLEL, IqHandler.IQDISC, IqHandler.NO_QUEUE));
        send("1");
        assertSame(Thread.currentThread(), ranOn.get(), "iqdisc=no_queue won over the module's parallel");
    }

    @Test
    void oneQueueRunsOneAtATimeInArrivalOrder() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        register(iq -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(2);
            order.add(iq.id());
            running.decrementAndGet();
            return iq.resultReply();
        }, IqHandler.ONE_QUEUE);
        for (int i = 0; i < 30; i++) send("q" + i);
        for (int i = 0; i < 30; i++) assertEquals("q" + i, reply().attr("id"));
        assertEquals(1, maxRunning.get(), "never two at once");
        assertEquals(30, order.size());
        assertNotSame(Thread.currentThread().getName(), "");
    }

    @Test
    void parallelRunsRequestsAtTheSameTime() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        register(iq -> {
            bothInside.countDown();
            // Each waits for the other: only possible if they run concurrently.
            if (!bothInside.await(5, TimeUnit.SECONDS)) throw new IllegalStateException("ran one at a time");
            return iq.resultReply();
        }, IqHandler.PARALLEL);
        send("a");
        send("b");
        assertEquals("result", reply().attr("type"));
        assertEquals("result", reply().attr("type"));
    }

    @Test
    void aThrowingHandlerGivesInternalServerErrorAndTheDispatcherLivesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        register(iq -> {
            if (calls.incrementAndGet() == 1) throw new NullPointerException("bug");
            return iq.resultReply();
        }, IqHandler.ONE_QUEUE);
        send("1");
        assertEquals("internal-server-error", condition(reply()));
        send("2");
        assertEquals("result", reply().attr("type"));
    }

    @Test
    void aStanzaExceptionBecomesItsError() throws Exception {
        register(iq -> { throw new StanzaException(StanzaError.Condition.NOT_ALLOWED, "read-only"); }, IqHandler.NO_QUEUE);
        send("1");
        Element r = reply();
        assertEquals("not-allowed", condition(r));
        assertEquals("q", r.firstElement().orElseThrow().name(), "the request's child comes back, as the seed's mod_cputime does");
    }

    @Test
    void aReplyThatIsNotAReplyIsReplacedByInternalServerError() throws Exception {
        register(iq -> Element.of("message"), IqHandler.NO_QUEUE);
        send("1");
        assertEquals("internal-server-error", condition(reply()));
        IqDispatcher other = new IqDispatcher(Duration.ofSeconds(5), 100, 100);
        other.addIqHandler(iq -> iq.resultReply().withAttr("id", "wrong"), props(IqHandler.NAMESPACE, "urn:test", IqHandler.DISCIPLINE, "no_queue"));
        other.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("2"), replies::add);
        assertEquals("internal-server-error", condition(reply()));
        other.deactivate();
    }

    @Test
    void aSlowHandlerGetsRemoteServerTimeoutAndItsLateAnswerIsDropped() throws Exception {
        IqDispatcher quick = new IqDispatcher(Duration.ofMillis(200), 100, 100);
        CountDownLatch release = new CountDownLatch(1);
        quick.addIqHandler(iq -> { release.await(); return iq.resultReply(); },
                props(IqHandler.NAMESPACE, "urn:test", IqHandler.DISCIPLINE, "parallel"));
        quick.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("slow"), replies::add);
        Element timeout = reply();
        assertEquals("remote-server-timeout", condition(timeout));
        assertEquals("slow", timeout.attr("id"));
        release.countDown();
        assertEquals(null, replies.poll(300, TimeUnit.MILLISECONDS), "exactly one reply per request");
        quick.deactivate();
    }

    @Test
    void removingAHandlerAnswersItsQueueWithServiceUnavailableAndLetsTheRunningOneFinish() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IqHandler blocking = iq -> {
            started.countDown();
            release.await();
            return iq.resultReply();
        };
        register(blocking, IqHandler.ONE_QUEUE);
        send("running");
        assertTrue(started.await(5, TimeUnit.SECONDS));
        send("queued1");
        send("queued2");
        Thread remover = Thread.ofVirtual().start(() -> dispatcher.removeIqHandler(blocking));
        Element first = reply();
        Element second = reply();
        assertEquals("service-unavailable", condition(first));
        assertEquals("service-unavailable", condition(second));
        assertEquals(List.of("queued1", "queued2"), List.of(first.attr("id"), second.attr("id")));
        assertTrue(remover.isAlive(), "removal waits for the running request");
        assertFalse(send("after"), "new requests find no handler");
        release.countDown();
        assertEquals("running", reply().attr("id"));
        assertTrue(remover.join(Duration.ofSeconds(5)));
    }

    @Test
    void aFullQueueAnswersResourceConstraint() throws Exception {
        IqDispatcher small = new IqDispatcher(Duration.ofSeconds(5), 2, 100);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        IqHandler blocking = iq -> { started.countDown(); release.await(); return iq.resultReply(); };
        small.addIqHandler(blocking, props(IqHandler.NAMESPACE, "urn:test"));
        small.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("run"), replies::add);
        assertTrue(started.await(5, TimeUnit.SECONDS));
        small.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("w1"), replies::add);
        small.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("w2"), replies::add);
        small.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("over"), replies::add);
        Element over = reply();
        assertEquals("over", over.attr("id"));
        assertEquals("resource-constraint", condition(over));
        release.countDown();
        for (int i = 0; i < 3; i++) assertEquals("result", reply().attr("type"));
        small.deactivate();
    }

    @Test
    void parallelRunsAtMostItsLimitAtOnceAndAnswersTheRestResourceConstraint() throws Exception {
        IqDispatcher bounded = new IqDispatcher(Duration.ofSeconds(5), 100, 2);
        CountDownLatch bothStarted = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        bounded.addIqHandler(iq -> { bothStarted.countDown(); release.await(); return iq.resultReply(); },
                props(IqHandler.NAMESPACE, "urn:test", IqHandler.DISCIPLINE, IqHandler.PARALLEL));
        bounded.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("p1"), replies::add);
        bounded.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("p2"), replies::add);
        assertTrue(bothStarted.await(5, TimeUnit.SECONDS));
        bounded.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("over"), replies::add);
        Element over = reply();
        assertEquals("over", over.attr("id"));
        assertEquals("resource-constraint", condition(over));
        release.countDown();
        assertEquals("result", reply().attr("type"));
        assertEquals("result", reply().attr("type"));
        bounded.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("later"), replies::add);
        Element later = reply();
        assertEquals("later", later.attr("id"));
        assertEquals("result", later.attr("type"), "a finished request gives its slot back");
        bounded.deactivate();
    }

    @Test
    void oneQueueAllocatesItsQueueOnlyAsRequestsWait() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        IqDispatcher roomy = new IqDispatcher(Duration.ofSeconds(5), 10_000, 100);
        IqHandler handler = iq -> iq.resultReply();
        long before = threads.getCurrentThreadAllocatedBytes();
        roomy.addIqHandler(handler, props(IqHandler.NAMESPACE, "urn:test", IqHandler.DISCIPLINE, IqHandler.ONE_QUEUE));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // A slot per queue place up front would be 40 KB for 10,000 places, for every handler of every host.
        assertTrue(allocated < 16 * 1024, "registering a one_queue handler allocated " + allocated + " bytes");
        roomy.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("1"), replies::add);
        assertEquals("result", reply().attr("type"));
        roomy.deactivate();
    }

    @Test
    void handlersAreKeyedByScopeHostAndNamespace() throws Exception {
        dispatcher.addIqHandler(iq -> iq.resultReply(Element.of("x", "example.org")),
                props(IqHandler.NAMESPACE, "urn:test", IqHandler.HOST, "example.org", IqHandler.DISCIPLINE, "no_queue"));
        dispatcher.addIqHandler(iq -> iq.resultReply(Element.of("x", "any")),
                props(IqHandler.NAMESPACE, "urn:test", IqHandler.DISCIPLINE, "no_queue"));
        dispatcher.dispatch(IqHandler.SCOPE_LOCAL, "example.org", iq("1"), replies::add);
        assertEquals("example.org", reply().firstElement().orElseThrow().namespace(), "the host's own handler first");
        dispatcher.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("2"), replies::add);
        assertEquals("any", reply().firstElement().orElseThrow().namespace(), "then the one for every host");
        assertFalse(dispatcher.dispatch(IqHandler.SCOPE_SM, "localhost", iq("3"), replies::add), "scope sm has none");
    }

    @Test
    void aBoundProbeIsToldOfEachAnswerWithItsNamespace() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        ServerProbe probe = new ServerProbe() {
            @Override
            public void iqAnswered(String namespace, long nanos) {
                told.add(namespace + (nanos >= 0 ? "" : " with negative time " + nanos));
            }

            @Override
            public void authenticated(String mechanism, boolean success) {
            }
        };
        register(iq -> iq.resultReply(), IqHandler.NO_QUEUE);
        send("before");
        reply();
        dispatcher.setProbe(probe);
        send("1");
        reply();
        assertEquals(List.of("urn:test"), told);
        dispatcher.unsetProbe(probe);
        send("after");
        reply();
        assertEquals(1, told.size(), "an unbound probe hears nothing more");
    }

    @Test
    void queuedCountsTheIqsWaitingForOneQueueHandlers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        dispatcher.addIqHandler(iq -> { started.countDown(); release.await(); return iq.resultReply(); },
                props(IqHandler.NAMESPACE, "urn:test", IqHandler.SCOPE, new String[] {IqHandler.SCOPE_LOCAL, IqHandler.SCOPE_SM}));
        send("run");
        assertTrue(started.await(5, TimeUnit.SECONDS));
        send("w1");
        send("w2");
        assertEquals(2, dispatcher.queued(), "one lane under two keys is counted once; the running IQ is not waiting");
        release.countDown();
        for (int i = 0; i < 3; i++) assertEquals("result", reply().attr("type"));
        assertEquals(0, dispatcher.queued());
    }

    @Test
    void theProbeIsToldBeforeTheReplyLeaves() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        dispatcher.setProbe(new ServerProbe() {
            @Override
            public void iqAnswered(String namespace, long nanos) {
                told.add(namespace);
            }

            @Override
            public void authenticated(String mechanism, boolean success) {
            }
        });
        register(iq -> iq.resultReply(), IqHandler.ONE_QUEUE);
        // Whoever gets the answer and then reads the metrics must find it counted.
        List<Integer> toldWhenReplied = new CopyOnWriteArrayList<>();
        dispatcher.dispatch(IqHandler.SCOPE_LOCAL, "localhost", iq("1"), reply -> {
            toldWhenReplied.add(told.size());
            replies.add(reply);
        });
        assertEquals("result", reply().attr("type"));
        assertEquals(List.of(1), toldWhenReplied);
    }
}
