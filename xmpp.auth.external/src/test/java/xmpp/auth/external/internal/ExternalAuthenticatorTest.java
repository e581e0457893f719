package xmpp.auth.external.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xmpp.core.auth.AuthException;

/** The authenticator against real programs in Python: the examples shipped, and ones that misbehave. */
class ExternalAuthenticatorTest {

    @TempDir
    Path dir;

    private final List<ExternalAuthenticator> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(ExternalAuthenticator::close);
    }

    static String script(String name) {
        Path examples = Path.of("examples", name);
        return (Files.exists(examples) ? examples : Path.of("src/test/resources", name)).toAbsolutePath().toString();
    }

    ExternalAuthenticator auth(int instances, Duration timeout, Duration cache, String... command) {
        ExternalAuthenticator a = new ExternalAuthenticator(List.of(command), instances, timeout, cache);
        started.add(a);
        return a;
    }

    ExternalAuthenticator auth(String... command) {
        return auth(1, Duration.ofSeconds(5), Duration.ZERO, command);
    }

    @Test
    void theSeedsExampleWorksUnchanged() throws Exception {
        ExternalAuthenticator a = auth("python3", script("allow_all.py"));
        assertTrue(a.checkPassword("anyone", "localhost", "anything"));
        assertTrue(a.userExists("anyone", "localhost"));
        assertTrue(a.setPassword("anyone", "localhost", "new"));
        assertFalse(a.tryRegister("anyone", "localhost", "pw"), "the seed's script knows only auth, isuser and setpass");
    }

    @Test
    void aUsersFileDecidesEveryVerb() throws Exception {
        Path users = dir.resolve("users.txt");
        Files.writeString(users, "romeo:localhost:pen:cil\njuliet:localhost:wherefore\n");
        ExternalAuthenticator a = auth("python3", script("users_file.py"), users.toString());
        assertTrue(a.checkPassword("romeo", "localhost", "pen:cil"), "a password with ':' is the rest of the line, as ejabberd has it");
        assertFalse(a.checkPassword("romeo", "localhost", "pen"));
        assertFalse(a.checkPassword("romeo", "example.org", "pen:cil"), "accounts are per server");
        assertTrue(a.userExists("juliet", "localhost"));
        assertFalse(a.userExists("tybalt", "localhost"));
        assertTrue(a.setPassword("juliet", "localhost", "o romeo"));
        assertTrue(a.checkPassword("juliet", "localhost", "o romeo"));
        assertFalse(a.setPassword("tybalt", "localhost", "x"));
        assertTrue(a.tryRegister("mercutio", "localhost", "queen mab"));
        assertFalse(a.tryRegister("mercutio", "localhost", "again"));
        assertFalse(a.removeUser("mercutio", "localhost", "wrong"));
        assertTrue(a.removeUser("mercutio", "localhost", "queen mab"));
        assertTrue(a.removeUser("juliet", "localhost"));
        assertFalse(a.userExists("juliet", "localhost"));
        assertEquals("romeo:localhost:pen:cil\n", Files.readString(users));
    }

    @Test
    void exactlyTheSeedsRequestsAreSent() throws Exception {
        Path log = dir.resolve("requests.txt");
        ExternalAuthenticator a = auth("python3", script("echo_request.py"), log.toString());
        a.checkPassword("romeo", "localhost", "pass:word");
        a.userExists("romeo", "localhost");
        a.setPassword("romeo", "localhost", "new");
        a.tryRegister("juliet", "localhost", "pw");
        a.removeUser("juliet", "localhost");
        a.removeUser("juliet", "localhost", "pw");
        assertEquals(List.of("auth:romeo:localhost:pass:word", "isuser:romeo:localhost", "setpass:romeo:localhost:new",
                "tryregister:juliet:localhost:pw", "removeuser:juliet:localhost", "removeuser3:juliet:localhost:pw"), Files.readAllLines(log));
    }

    @Test
    void aProgramThatDiesMidRequestFailsThatRequestAndIsRestarted() throws Exception {
        ExternalAuthenticator a = auth("python3", script("crash_on_request.py"));
        AuthException e = assertThrows(AuthException.class, () -> a.checkPassword("romeo", "localhost", "secret"));
        assertTrue(e.getMessage().contains("exited with status 3") || e.getMessage().contains("closed its output"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "never a password in a message");
        assertThrows(AuthException.class, () -> a.userExists("romeo", "localhost"));
        assertTrue(a.restarts() >= 1, "a new copy was started for the next request");
    }

    @Test
    void aProgramThatHangsTimesOutAndIsKilled() throws Exception {
        ExternalAuthenticator a = auth(1, Duration.ofMillis(500), Duration.ZERO, "python3", script("hang.py"));
        long start = System.nanoTime();
        AuthException e = assertThrows(AuthException.class, () -> a.checkPassword("romeo", "localhost", "pw"));
        assertTrue(e.getMessage().contains("did not answer within 500 ms"), e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void aGarbageAnswerIsAnErrorNotAYes() throws Exception {
        ExternalAuthenticator a = auth("python3", script("garbage.py"));
        AuthException e = assertThrows(AuthException.class, () -> a.checkPassword("romeo", "localhost", "pw"));
        assertTrue(e.getMessage().contains("answered length 7"), e.getMessage());
    }

    @Test
    void aSlowStartIsWaitedFor() throws Exception {
        assertTrue(auth("python3", script("slow_start.py")).checkPassword("romeo", "localhost", "pw"));
    }

    @Test
    void aProgramThatCannotStartSaysWhy() {
        AuthException e = assertThrows(AuthException.class, () -> auth("/nonexistent/auth-program").checkPassword("a", "b", "c"));
        assertTrue(e.getMessage().startsWith("cannot start auth program /nonexistent/auth-program"), e.getMessage());
    }

    @Test
    void aPoolAnswersConcurrentLoginsCorrectly() throws Exception {
        Path users = dir.resolve("users.txt");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) lines.append("u").append(i).append(":localhost:p").append(i).append('\n');
        Files.writeString(users, lines);
        ExternalAuthenticator a = auth(4, Duration.ofSeconds(10), Duration.ZERO, "python3", script("users_file.py"), users.toString());
        AtomicInteger right = new AtomicInteger();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> logins = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            logins.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 10; i++) {
                    int user = (thread + i) % 20;
                    boolean wrong = i % 3 == 0;
                    try {
                        if (a.checkPassword("u" + user, "localhost", wrong ? "nope" : "p" + user) == !wrong) right.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread t : logins) t.join();
        assertEquals(List.of(), failures);
        assertEquals(160, right.get(), "every answer right, none mixed up between concurrent requests");
        assertEquals(0, a.restarts());
    }

    @Test
    void successfulChecksAreRememberedForAWhileIfAsked() throws Exception {
        Path log = dir.resolve("requests.txt");
        ExternalAuthenticator a = auth(1, Duration.ofSeconds(5), Duration.ofMinutes(1), "python3", script("echo_request.py"), log.toString());
        assertTrue(a.checkPassword("romeo", "localhost", "pw"));
        assertTrue(a.checkPassword("romeo", "localhost", "pw"));
        assertEquals(1, Files.readAllLines(log).size(), "the second check came from the cache");
        a.checkPassword("romeo", "localhost", "other");
        assertEquals(2, Files.readAllLines(log).size(), "another password is asked for");
    }
}
