package xmpp.router.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import xmpp.core.auth.AuthException;
import xmpp.core.auth.Authenticator;
import xmpp.core.jid.Jid;
import xmpp.core.spi.auth.AccountDirectory;

/** Modules' account calls reach the authenticator of the account's host, whichever it is. */
class AccountServiceTest {

    /** Accounts in memory, as the stored accounts keep them: it can list them. */
    static class Directory implements AccountDirectory {
        final Set<String> users = new TreeSet<>();
        final Map<String, String> passwords = new java.util.HashMap<>();

        @Override
        public boolean checkPassword(String user, String host, String password) {
            return password.equals(passwords.get(user));
        }

        @Override
        public boolean userExists(String user, String host) {
            return users.contains(user);
        }

        @Override
        public boolean setPassword(String user, String host, String password) {
            if (!users.contains(user)) return false;
            passwords.put(user, password);
            return true;
        }

        @Override
        public boolean tryRegister(String user, String host, String password) {
            if (!users.add(user)) return false;
            passwords.put(user, password);
            return true;
        }

        @Override
        public boolean removeUser(String user, String host) {
            passwords.remove(user);
            return users.remove(user);
        }

        @Override
        public long count(String host) {
            return users.size();
        }

        @Override
        public List<String> list(String host, int offset, int limit) {
            return users.stream().skip(offset).limit(limit).toList();
        }
    }

    /** An external program: it knows one user and cannot list. */
    static class Program implements Authenticator {
        @Override
        public boolean checkPassword(String user, String host, String password) {
            return user.equals("alice") && password.equals("rabbit");
        }

        @Override
        public boolean userExists(String user, String host) {
            return user.equals("alice");
        }

        @Override
        public boolean setPassword(String user, String host, String password) {
            return false;
        }
    }

    final AccountService accounts = new AccountService();
    final Directory stored = new Directory();

    AccountServiceTest() {
        accounts.addAuthenticator(stored, Map.of(Authenticator.HOST, "*", "service.ranking", -100, "service.id", 1L));
        accounts.addAuthenticator(new Program(), Map.of(Authenticator.HOST, "ext.example", "service.id", 2L));
    }

    @Test
    void storedAccountsAreCreatedCheckedChangedCountedAndDeleted() throws Exception {
        Jid romeo = Jid.of("romeo@localhost");
        assertTrue(accounts.create(romeo, "pencil"));
        assertFalse(accounts.create(romeo, "again"), "it exists already");
        assertTrue(accounts.exists(romeo));
        assertTrue(accounts.checkPassword(romeo, "pencil"));
        assertTrue(accounts.setPassword(romeo, "pen"));
        assertTrue(accounts.checkPassword(romeo, "pen"));
        assertEquals(OptionalLong.of(1), accounts.count("localhost"));
        assertEquals(List.of("romeo"), accounts.list("localhost", 0, 10));
        assertTrue(accounts.delete(romeo));
        assertFalse(accounts.exists(romeo));
    }

    @Test
    void aDeletionIsToldToTheListenersAfterTheAccountIsGoneAndOnlyWhenItWasThere() throws Exception {
        Jid romeo = Jid.of("romeo@localhost");
        List<String> told = new java.util.ArrayList<>();
        accounts.addAccountListener(account -> { throw new IllegalStateException("a listener that fails"); });
        accounts.addAccountListener(account -> told.add(account + (stored.userExists("romeo", "localhost") ? " still there" : " gone")));
        accounts.create(romeo, "pencil");
        assertTrue(accounts.delete(romeo), "a failing listener does not fail the deletion");
        assertFalse(accounts.delete(romeo), "no account any more");
        assertEquals(List.of("romeo@localhost gone"), told);
    }

    @Test
    void aHostOnAnExternalProgramAnswersThroughItAndCannotBeListed() throws Exception {
        assertTrue(accounts.exists(Jid.of("alice@ext.example")));
        assertTrue(accounts.checkPassword(Jid.of("alice@ext.example"), "rabbit"));
        assertFalse(accounts.create(Jid.of("bob@ext.example"), "x"), "the program does not register accounts");
        assertEquals(OptionalLong.empty(), accounts.count("ext.example"));
        assertEquals(List.of(), accounts.list("ext.example", 0, 10));
    }

    @Test
    void withoutAnAuthenticatorForTheHostTheCallFailsAndSaysWhy() {
        accounts.removeAuthenticator(stored);
        AuthException e = assertThrows(AuthException.class, () -> accounts.exists(Jid.of("romeo@localhost")));
        assertTrue(e.getMessage().contains("no authenticator serves localhost"), e.getMessage());
        assertThrows(AuthException.class, () -> accounts.exists(Jid.of("romeo@localhost/balcony")), "a full JID is no account");
    }
}
