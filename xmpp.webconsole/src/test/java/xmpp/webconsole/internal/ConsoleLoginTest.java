package xmpp.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import xmpp.core.auth.Accounts;
import xmpp.core.auth.AuthException;
import xmpp.core.jid.Jid;

class ConsoleLoginTest {

    /** Stored accounts, counting how often a password is checked. */
    static final class FakeAccounts implements Accounts {
        final Map<Jid, String> passwords = new HashMap<>();
        int checks;
        boolean down;

        @Override public boolean exists(Jid account) { return passwords.containsKey(account); }
        @Override public boolean checkPassword(Jid account, String password) throws AuthException {
            checks++;
            if (down) throw new AuthException("database unreachable");
            return password.equals(passwords.get(account));
        }
        @Override public boolean create(Jid account, String password) { return passwords.putIfAbsent(account, password) == null; }
        @Override public boolean setPassword(Jid account, String password) { return passwords.replace(account, password) != null; }
        @Override public boolean delete(Jid account) { return passwords.remove(account) != null; }
        @Override public OptionalLong count(String host) { return OptionalLong.of(passwords.size()); }
        @Override public List<String> list(String host, int offset, int limit) { return List.of(); }
    }

    final FakeAccounts accounts = new FakeAccounts();
    final LoginThrottleTest.TurnedClock clock = new LoginThrottleTest.TurnedClock();
    final ConsoleLogin login = new ConsoleLogin(accounts, Set.of(Jid.of("admin@localhost")), new SourceAddresses(new String[0]),
            new LoginThrottle(10, 3, Duration.ofSeconds(300), clock));

    ConsoleLoginTest() {
        accounts.passwords.put(Jid.of("admin@localhost"), "right horse");
        accounts.passwords.put(Jid.of("juliet@localhost"), "balcony");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAdminWithHerPasswordGetsIn() {
        assertEquals(new ConsoleLogin.Admin(Jid.of("admin@localhost")), login.decide("127.0.0.1", basic("admin@localhost", "right horse")));
        assertEquals(new ConsoleLogin.Admin(Jid.of("admin@localhost")), login.decide("::1", basic("Admin@LocalHost", "right horse")), "a JID is case-insensitive");
    }

    @Test
    void noCredentialsAreAskedFor() {
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", null));
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", "Bearer abc"));
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", "Basic ***"));
    }

    @Test
    void aWrongPasswordOrUnknownAccountIsAskedAgain() {
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", basic("admin@localhost", "wrong")));
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", basic("nobody@localhost", "right horse")));
    }

    @Test
    void theConsolesOwnDefaultAdminAdminDoesNotGetIn() {
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", basic("admin", "admin")));
    }

    @Test
    void anAccountNotInTheAdminListIsForbiddenWithItsRightPassword() {
        assertInstanceOf(ConsoleLogin.Forbidden.class, login.decide("127.0.0.1", basic("juliet@localhost", "balcony")));
    }

    @Test
    void anotherAddressIsForbiddenBeforeAnyPasswordIsChecked() {
        assertInstanceOf(ConsoleLogin.Forbidden.class, login.decide("192.0.2.7", basic("admin@localhost", "right horse")));
        assertEquals(0, accounts.checks);
    }

    @Test
    void anAllowedNetworkGetsIn() {
        ConsoleLogin wider = new ConsoleLogin(accounts, Set.of(Jid.of("admin@localhost")), new SourceAddresses(new String[] {"192.0.2.0/24"}),
                new LoginThrottle(10, 3, Duration.ofSeconds(300), clock));
        assertInstanceOf(ConsoleLogin.Admin.class, wider.decide("192.0.2.7", basic("admin@localhost", "right horse")));
    }

    @Test
    void guessesBeyondTheLimitAreThrottledWithoutCheckingThePassword() {
        for (int i = 0; i < 3; i++) login.decide("127.0.0.1", basic("admin@localhost", "guess" + i));
        int checked = accounts.checks;
        ConsoleLogin.Outcome held = login.decide("127.0.0.1", basic("admin@localhost", "right horse"));
        assertEquals(new ConsoleLogin.Throttled(Duration.ofSeconds(300)), held, "even the right password waits");
        assertEquals(checked, accounts.checks);
        clock.turn(Duration.ofSeconds(300));
        assertInstanceOf(ConsoleLogin.Admin.class, login.decide("127.0.0.1", basic("admin@localhost", "right horse")));
    }

    @Test
    void aBrokenAccountStoreIsUnavailableNotAFailure() {
        accounts.down = true;
        for (int i = 0; i < 5; i++) assertInstanceOf(ConsoleLogin.Unavailable.class, login.decide("127.0.0.1", basic("admin@localhost", "right horse")));
        accounts.down = false;
        assertInstanceOf(ConsoleLogin.Admin.class, login.decide("127.0.0.1", basic("admin@localhost", "right horse")));
    }
}
