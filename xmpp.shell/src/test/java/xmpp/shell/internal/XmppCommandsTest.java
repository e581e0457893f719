package xmpp.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xmpp.core.auth.Accounts;
import xmpp.core.jid.Jid;
import xmpp.core.route.Hosts;
import xmpp.core.spi.route.SessionManager;

class XmppCommandsTest {

    /** Accounts that records what is deleted: the service that tells the modules (AccountListener). */
    static final class RecordingAccounts implements Accounts {
        final List<Jid> deleted = new ArrayList<>();

        @Override public boolean exists(Jid account) { return true; }
        @Override public boolean checkPassword(Jid account, String password) { return false; }
        @Override public boolean create(Jid account, String password) { return false; }
        @Override public boolean setPassword(Jid account, String password) { return false; }
        @Override public boolean delete(Jid account) { return deleted.add(account); }
        @Override public OptionalLong count(String host) { return OptionalLong.empty(); }
        @Override public List<String> list(String host, int offset, int limit) { return List.of(); }
    }

    /** No sessions: the user to delete is offline. */
    static SessionManager noSessions() {
        return (SessionManager) Proxy.newProxyInstance(SessionManager.class.getClassLoader(), new Class<?>[] {SessionManager.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "sessionsOf" -> List.of();
                    case "session" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void usersDeleteGoesThroughTheAccountsServiceSoThatModulesDeleteWhatTheyKeepForTheAccount() throws Exception {
        Hosts hosts = new Hosts() {
            @Override public Set<String> all() { return Set.of("localhost"); }
            @Override public boolean isServed(String domain) { return domain.equals("localhost"); }
        };
        FakeUsers users = new FakeUsers();
        users.create(Jid.of("juliet@localhost"), "pw");
        RecordingAccounts accounts = new RecordingAccounts();
        XmppCommands commands = new XmppCommands(null, hosts, noSessions(), null, null, null, null, users, accounts, null, null, null, null);
        assertEquals("deleted juliet@localhost and everything stored for it", commands.users(null, "delete", "juliet@localhost"));
        assertEquals(List.of(Jid.of("juliet@localhost")), accounts.deleted);
    }
}
