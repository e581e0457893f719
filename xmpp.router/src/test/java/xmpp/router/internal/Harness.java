package xmpp.router.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.spi.route.SessionTable;
import xmpp.core.stream.StreamError;
import xmpp.core.stream.XmlParseException;
import xmpp.core.stream.XmlStreams;
import xmpp.core.xml.Element;

/** A router built from its real parts, as DS would wire them, with sessions that record what reaches them. */
final class Harness {

    static final AtomicLong serviceIds = new AtomicLong(1);

    final IqDispatcher iqs;
    final HookRunner hooks = new HookRunner();
    final SessionListeners listeners = new SessionListeners();
    final InMemoryRouteTable routeTable;
    final SessionTable sessionTable;
    final XmppRouter router;
    private final List<FakeSession> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();

    Harness() {
        this(Duration.ofSeconds(5));
    }

    Harness(Duration iqTimeout) {
        this(ServerConfigs.of("localhost", "example.org"), iqTimeout, new InMemorySessionTable(), new InMemoryRouteTable());
    }

    /** Node {@code node} of a cluster whose tables are the ones given. */
    Harness(String node, SessionTable sessionTable, InMemoryRouteTable routeTable) {
        this(ServerConfigs.onNode(node, "localhost", "example.org"), Duration.ofSeconds(5), sessionTable, routeTable);
    }

    private Harness(ServerConfig config, Duration iqTimeout, SessionTable sessionTable, InMemoryRouteTable routeTable) {
        this.sessionTable = sessionTable;
        this.routeTable = routeTable;
        iqs = new IqDispatcher(iqTimeout, 100, 100);
        router = new XmppRouter(config, iqs, hooks, listeners, routeTable, sessionTable);
    }

    /** A session bound, with available presence of {@code priority} (null: bound but no presence sent). */
    FakeSession session(String fullJid, Integer priority) {
        FakeSession s = new FakeSession(Jid.of(fullJid));
        router.bind(s);
        sessions.add(s);
        if (priority != null) {
            router.presence(s, xml("<presence from='" + fullJid + "'><priority>" + priority + "</priority></presence>"));
            sessions.forEach(other -> other.received.clear());   // the account's resources saw it: setup, not what a test checks
        }
        return s;
    }

    static Element xml(String xml) {
        try {
            return XmlStreams.parseElement(xml);
        } catch (XmlParseException e) {
            throw new AssertionError(e);
        }
    }

    /** Routes {@code xml}, taking from and to from its attributes as a client listener would have stamped them. */
    void route(String xml) {
        Element stanza = xml(xml);
        router.route(Jid.of(stanza.attr("from")), Jid.of(stanza.attr("to")), stanza);
    }

    static Map<String, Object> props(Object... keyValues) {
        Map<String, Object> props = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) props.put((String) keyValues[i], keyValues[i + 1]);
        props.putIfAbsent("service.id", serviceIds.getAndIncrement());
        props.putIfAbsent("component.name", "test." + props.get("service.id"));
        return props;
    }

    static ServerConfig config(String... hosts) {
        return ServerConfigs.of(hosts);
    }

    /** A local session that records deliveries and closes. */
    static final class FakeSession implements Session {
        final Jid jid;
        final BlockingQueue<Element> received = new LinkedBlockingQueue<>();
        volatile StreamError closedWith;

        FakeSession(Jid jid) {
            this.jid = jid;
        }

        @Override public Jid jid() { return jid; }
        @Override public void deliver(Element stanza) { received.add(stanza); }
        @Override public void close(StreamError error) { closedWith = error; }

        /** The next stanza delivered, waiting up to 5 s for one. */
        Element next() throws InterruptedException {
            Element e = received.poll(5, TimeUnit.SECONDS);
            if (e == null) throw new AssertionError(jid + " received nothing within 5 s");
            return e;
        }

        /** Asserts nothing more arrives within a short while. */
        void expectNothing() throws InterruptedException {
            Element e = received.poll(100, TimeUnit.MILLISECONDS);
            if (e != null) throw new AssertionError(jid + " received " + e);
        }

        /** The condition of the next stanza, which must be an error. */
        String nextError() throws InterruptedException {
            Element e = next();
            if (!"error".equals(e.attr("type"))) throw new AssertionError("expected an error, got " + e);
            return e.child("error").orElseThrow().firstElement().orElseThrow().name();
        }
    }
}
