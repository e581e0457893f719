package xmpp.shell.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.spi.route.SessionEntry;
import xmpp.core.spi.route.SessionManager;
import xmpp.core.spi.route.SessionState;
import xmpp.core.spi.route.SessionTable;
import xmpp.core.stream.StreamError;
import xmpp.core.xml.Element;

/** xmpp:sessions shows why a session cannot take stanzas now: detached (XEP-0198) or inactive (XEP-0352). */
class SessionsCommandTest {

    /** A listener's session that says its state, as xmpp.c2s's does. */
    record FakeSession(Jid jid, State state) implements Session, SessionState {
        @Override public void deliver(Element stanza) { }
        @Override public void close(StreamError error) { }
    }

    private static SessionManager holding(List<Session> sessions) {
        return (SessionManager) Proxy.newProxyInstance(SessionManager.class.getClassLoader(), new Class<?>[] {SessionManager.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("sessions")) return sessions;
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static SessionTable table(List<SessionEntry> entries) {
        return (SessionTable) Proxy.newProxyInstance(SessionTable.class.getClassLoader(), new Class<?>[] {SessionTable.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("all")) return entries;
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static SessionEntry on(String node, String jid) {
        return new SessionEntry(Jid.of(jid), node, 0, true, Instant.EPOCH);
    }

    @Test
    void eachSessionShowsItsNodeAndTheOtherNodesSessionsAreListedToo() {
        List<Session> here = List.of(new FakeSession(Jid.of("romeo@localhost/desk"), SessionState.State.ACTIVE));
        SessionTable cluster = table(List.of(on("n1", "romeo@localhost/desk"), on("n2", "juliet@localhost/balcony")));
        String out = new XmppCommands(null, null, holding(here), null, null, cluster, null, null, null, null, null, null, null).sessions();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("romeo@localhost/desk ") && l.contains(" n1 ") && l.contains(" active ")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("juliet@localhost/balcony ") && l.contains(" n2 ")), out);
        assertTrue(out.endsWith("2 sessions"), out);
    }

    @Test
    void eachSessionShowsItsState() {
        List<Session> sessions = List.of(
                new FakeSession(Jid.of("romeo@localhost/phone"), SessionState.State.DETACHED),
                new FakeSession(Jid.of("romeo@localhost/pocket"), SessionState.State.INACTIVE),
                new FakeSession(Jid.of("romeo@localhost/desk"), SessionState.State.ACTIVE));
        SessionTable table = table(sessions.stream().map(s -> on("local", s.jid().toString())).toList());
        String out = new XmppCommands(null, null, holding(sessions), null, null, table, null, null, null, null, null, null, null).sessions();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("romeo@localhost/phone") && l.contains(" detached ")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("romeo@localhost/pocket") && l.contains(" inactive ")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("romeo@localhost/desk") && l.contains(" active ")), out);
    }
}
