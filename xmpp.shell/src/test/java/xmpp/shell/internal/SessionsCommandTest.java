package xmpp.shell.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;
import xmpp.core.route.Session;
import xmpp.core.spi.route.SessionManager;
import xmpp.core.spi.route.SessionState;
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

    @Test
    void eachSessionShowsItsState() {
        List<Session> sessions = List.of(
                new FakeSession(Jid.of("romeo@localhost/phone"), SessionState.State.DETACHED),
                new FakeSession(Jid.of("romeo@localhost/pocket"), SessionState.State.INACTIVE),
                new FakeSession(Jid.of("romeo@localhost/desk"), SessionState.State.ACTIVE));
        String out = new XmppCommands(null, null, holding(sessions), null, null, null, null, null, null, null, null, null).sessions();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("romeo@localhost/phone") && l.contains(" detached ")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("romeo@localhost/pocket") && l.contains(" inactive ")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("romeo@localhost/desk") && l.contains(" active ")), out);
    }
}
