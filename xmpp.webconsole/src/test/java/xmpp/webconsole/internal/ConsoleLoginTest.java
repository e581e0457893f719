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
    static class FakeAccounts implements Accounts {
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
    final ConsoleHostNames hostNames = new ConsoleHostNames(new String[] {"console.example.net"}, Set.of("localhost", "example.com")::contains);
    final VerifiedLogins verified = new VerifiedLogins(Duration.ofSeconds(60), clock);
    final ConsoleLogin login = login(new SourceAddresses(new String[0]));

    ConsoleLogin login(SourceAddresses sources) {
        return new ConsoleLogin(accounts, Set.of(Jid.of("admin@localhost")), sources, hostNames,
                new LoginThrottle(10, 3, Duration.ofSeconds(300), clock), verified);
    }

    ConsoleLoginTest() {
        accounts.passwords.put(Jid.of("admin@localhost"), "right horse");
        accounts.passwords.put(Jid.of("juliet@localhost"), "balcony");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAdminWithHerPasswordGetsIn() {
        assertEquals(new ConsoleLogin.Admin(Jid.of("admin@localhost")), login.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "right horse")));
        assertEquals(new ConsoleLogin.Admin(Jid.of("admin@localhost")), login.decide("::1", "localhost:5280", basic("Admin@LocalHost", "right horse")), "a JID is case-insensitive");
    }

    @Test
    void noCredentialsAreAskedFor() {
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", "localhost:5280", null));
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", "localhost:5280", "Bearer abc"));
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", "localhost:5280", "Basic ***"));
    }

    @Test
    void aWrongPasswordOrUnknownAccountIsAskedAgain() {
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "wrong")));
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", "localhost:5280", basic("nobody@localhost", "right horse")));
    }

    @Test
    void theConsolesOwnDefaultAdminAdminDoesNotGetIn() {
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", "localhost:5280", basic("admin", "admin")));
    }

    @Test
    void anAccountNotInTheAdminListIsForbiddenWithItsRightPassword() {
        assertInstanceOf(ConsoleLogin.Forbidden.class, login.decide("127.0.0.1", "localhost:5280", basic("juliet@localhost", "balcony")));
    }

    @Test
    void anotherAddressIsForbiddenBeforeAnyPasswordIsChecked() {
        assertInstanceOf(ConsoleLogin.Forbidden.class, login.decide("192.0.2.7", "localhost:5280", basic("admin@localhost", "right horse")));
        assertEquals(0, accounts.checks);
    }

    @Test
    void anAllowedNetworkGetsIn() {
        ConsoleLogin wider = login(new SourceAddresses(new String[] {"192.0.2.0/24"}));
        assertInstanceOf(ConsoleLogin.Admin.class, wider.decide("192.0.2.7", "localhost:5280", basic("admin@localhost", "right horse")));
    }

    @Test
    void guessesBeyondTheLimitAreThrottledWithoutCheckingThePassword() {
        for (int i = 0; i < 3; i++) login.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "guess" + i));
        int checked = accounts.checks;
        ConsoleLogin.Outcome held = login.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "right horse"));
        assertEquals(new ConsoleLogin.Throttled(Duration.ofSeconds(300)), held, "even the right password waits");
        assertEquals(checked, accounts.checks);
        clock.turn(Duration.ofSeconds(300));
        assertInstanceOf(ConsoleLogin.Admin.class, login.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "right horse")));
    }

    @Test
    void aBrokenAccountStoreIsUnavailableNotAFailure() {
        accounts.down = true;
        for (int i = 0; i < 5; i++) assertInstanceOf(ConsoleLogin.Unavailable.class, login.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "right horse")));
        accounts.down = false;
        assertInstanceOf(ConsoleLogin.Admin.class, login.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "right horse")));
    }

    @Test
    void aResourceOrAnotherSpellingOfTheAccountCountsAgainstTheSameAccount() {
        for (int i = 0; i < 6; i++) login.decide("127.0.0.1", "localhost:5280", basic(i % 2 == 0 ? "admin@localhost/" + i : "ADMIN@localhost/" + i, "guess"));
        assertEquals(3, accounts.checks, "three guesses per account, whatever the resource");
        assertInstanceOf(ConsoleLogin.Throttled.class, login.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "right horse")));
    }

    ConsoleLogin nested;
    int arrivals;

    @Test
    void requestsArrivingWhileAPasswordIsCheckedCannotAllPassTheLimit() {
        FakeAccounts slow = new FakeAccounts() {
            @Override public boolean checkPassword(Jid account, String password) throws AuthException {
                // Another request arrives before this check's failure is counted, as on the HTTP pool.
                if (arrivals++ < 20) nested.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "guess" + arrivals));
                return super.checkPassword(account, password);
            }
        };
        slow.passwords.putAll(accounts.passwords);
        nested = new ConsoleLogin(slow, Set.of(Jid.of("admin@localhost")), new SourceAddresses(new String[0]), hostNames,
                new LoginThrottle(10, 3, Duration.ofSeconds(300), clock), verified);
        nested.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "first guess"));
        assertEquals(3, slow.checks, "no more passwords checked than the account's limit");
    }

    @Test
    void aHostNameAPageCouldRebindIsRefusedBeforeAnyPasswordIsChecked() {
        for (String host : new String[] {"attacker.example:5280", "attacker.example", "localhost.attacker.example", "", "192.0.2.7:5280"})
            assertInstanceOf(ConsoleLogin.Forbidden.class, login.decide("127.0.0.1", host, basic("admin@localhost", "right horse")), host);
        assertInstanceOf(ConsoleLogin.Forbidden.class, login.decide("127.0.0.1", null, basic("admin@localhost", "right horse")));
        assertEquals(0, accounts.checks);
    }

    @Test
    void localhostLoopbackLiteralsConfiguredNamesAndServedDomainsAreTheConsolesOwnNames() {
        for (String host : new String[] {"localhost", "LOCALHOST:5280", "127.0.0.1:5280", "127.0.0.2", "[::1]:5443", "[::1]",
                "console.example.net:5443", "example.com", "example.com.:5280"})
            assertInstanceOf(ConsoleLogin.Admin.class, login.decide("127.0.0.1", host, basic("admin@localhost", "right horse")), host);
    }

    @Test
    void failuresFromLoopbackDoNotLockTheAdminsOutButStillHoldOtherAccounts() {
        for (int i = 0; i < 10; i++) login.decide("127.0.0.1", "localhost:5280", basic("user" + i + "@localhost", "guess"));
        assertInstanceOf(ConsoleLogin.Admin.class, login.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "right horse")),
                "an admin's own account has had no failure");
        assertInstanceOf(ConsoleLogin.Throttled.class, login.decide("127.0.0.1", "localhost:5280", basic("juliet@localhost", "balcony")),
                "other accounts are not sprayed from loopback");
        ConsoleLogin wider = new ConsoleLogin(accounts, Set.of(Jid.of("admin@localhost")), new SourceAddresses(new String[] {"192.0.2.0/24"}),
                hostNames, new LoginThrottle(10, 3, Duration.ofSeconds(300), clock), new VerifiedLogins(Duration.ofSeconds(60), clock));
        for (int i = 0; i < 10; i++) wider.decide("192.0.2.7", "localhost:5280", basic("user" + i + "@localhost", "guess"));
        assertInstanceOf(ConsoleLogin.Throttled.class, wider.decide("192.0.2.7", "localhost:5280", basic("admin@localhost", "right horse")),
                "another address is held whatever account it tries");
    }

    @Test
    void aRightLoginIsRememberedForAWhileSoEveryRequestDoesNotHashThePassword() {
        String admin = basic("admin@localhost", "right horse");
        assertInstanceOf(ConsoleLogin.Admin.class, login.decide("127.0.0.1", "localhost:5280", admin));
        assertEquals(new ConsoleLogin.Admin(Jid.of("admin@localhost")), login.decide("127.0.0.1", "localhost:5280", admin));
        assertEquals(1, accounts.checks);
        assertInstanceOf(ConsoleLogin.Challenge.class, login.decide("127.0.0.1", "localhost:5280", basic("admin@localhost", "right horsf")));
        assertEquals(2, accounts.checks, "another header is checked");
        assertInstanceOf(ConsoleLogin.Forbidden.class, login.decide("192.0.2.7", "localhost:5280", admin), "the source is checked first");
        assertInstanceOf(ConsoleLogin.Forbidden.class, login.decide("127.0.0.1", "attacker.example", admin), "the host too");
        clock.turn(Duration.ofSeconds(60));
        login.decide("127.0.0.1", "localhost:5280", admin);
        assertEquals(3, accounts.checks, "checked again after the cache's time");
        verified.deleted(Jid.of("admin@localhost"));
        login.decide("127.0.0.1", "localhost:5280", admin);
        assertEquals(4, accounts.checks, "a deleted account is checked again");
    }

    @Test
    void aForbiddenAccountIsNotRemembered() {
        login.decide("127.0.0.1", "localhost:5280", basic("juliet@localhost", "balcony"));
        login.decide("127.0.0.1", "localhost:5280", basic("juliet@localhost", "balcony"));
        assertEquals(2, accounts.checks);
    }
}
