package xmpp.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static xmpp.itest.ServerProcess.eventually;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The web console in the exported server over plain HTTP on loopback, as an operator's browser
 * reaches it: who gets in (nobody without credentials, not the console's own admin/admin, not an
 * account outside the admin list, an admin), the throttle, the console's own pages, and the XMPP
 * page adding a user (who then logs in with Smack) and kicking her session, each change refused
 * without its form token.
 */
public class WebConsoleIT {

    static final String ADMIN = "admin@localhost";
    static final String ADMIN_PASSWORD = "admin-secret";   // ServerProcess's XMPP_ADMIN_PASSWORD
    /** Spaces inside and around, a quote: what the user typed, exactly. */
    private static final String PASSWORD = " p4ss w'rd ";
    private static final Pattern TOKEN = Pattern.compile("name='csrf' value='([0-9a-f]+)'");

    private static ServerProcess server;
    private static HttpClient http;
    private static String console;

    @BeforeClass
    public static void start() throws Exception {
        server = new ServerProcess().started();
        http = HttpClient.newHttpClient();
        console = "http://127.0.0.1:" + server.httpPort + "/system/console";
        eventually(() -> get("/bundles", null).statusCode(), s -> s == 401);   // the console and its security provider are up
    }

    @AfterClass
    public static void stop() throws Exception {
        if (server != null) server.close();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console + path));
        if (authorization != null) b.header("Authorization", authorization);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String authorization, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(console + path)).header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> form(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }

    static String token(String page) {
        Matcher m = TOKEN.matcher(page);
        assertTrue("the XMPP page carries a form token", m.find());
        return m.group(1);
    }

    @Test
    public void nobodyGetsInWithoutAnAdminsCredentials() throws Exception {
        HttpResponse<String> none = get("/bundles", null);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals("the console's own default login", 401, get("/bundles", basic("admin", "admin")).statusCode());
        assertEquals("a wrong password", 401, get("/bundles", basic(ADMIN, "wrong")).statusCode());
        String user = server.newUser("plain");
        assertEquals("an account outside the admin list", 403, get("/bundles", basic(user + "@localhost", "pw")).statusCode());
        assertEquals("nor the XMPP page", 403, get("/xmpp", basic(user + "@localhost", "pw")).statusCode());
    }

    @Test
    public void anAdminSeesTheConsolesPagesAndTheMetatypeFormsOfTheModules() throws Exception {
        String admin = basic(ADMIN, ADMIN_PASSWORD);
        assertTrue(get("/bundles", admin).body().contains("Bundles"));
        assertEquals(200, get("/components", admin).statusCode());
        String config = get("/configMgr", admin).body();
        assertTrue("modules' metatype names in the configuration list", config.contains("XMPP module: admin (XEP-0133)"));
        assertTrue(config.contains("XMPP web console"));
        String page = get("/xmpp", admin).body();
        assertTrue(page.contains("localhost"));
        assertTrue("the modules with their namespaces", page.contains("iq jabber:iq:version"));
        assertTrue("the routes", page.contains("conference.localhost"));
        assertTrue(get("/xmpp/counters.json", admin).body().matches("\\{\"sessions\":\\d+,\"routed\":\\d+}"));
    }

    @Test
    public void anAdminAddsAUserWhoLogsInAndKicksHer() throws Exception {
        String admin = basic(ADMIN, ADMIN_PASSWORD);
        String token = token(get("/xmpp", admin).body());
        String name = "webuser" + System.nanoTime() % 100_000;
        String jid = name + "@localhost";

        assertEquals("no token, no change", 403, post("/xmpp", admin, form("action", "user-add", "jid", jid, "password", PASSWORD)).statusCode());
        assertFalse(server.ctl("xmpp:users list localhost").contains(name));

        HttpResponse<String> added = post("/xmpp", admin, form("action", "user-add", "jid", jid, "password", PASSWORD, "csrf", token));
        assertEquals(303, added.statusCode());
        assertTrue(added.headers().firstValue("Location").orElse("").contains("done="));
        assertTrue(server.ctl("xmpp:users list localhost").contains(name));
        HttpResponse<String> twoLines = post("/xmpp", admin, form("action", "user-passwd", "jid", jid, "password", "first\nsecond", "csrf", token));
        assertTrue("a password of two lines refused", twoLines.headers().firstValue("Location").orElse("").contains("failed="));

        XMPPTCPConnection client = server.connect("localhost", name, PASSWORD, "phone", "SCRAM-SHA-1");
        String full = jid + "/phone";
        assertTrue("her session on the sessions table", get("/xmpp", admin).body().contains(full));
        assertEquals(303, post("/xmpp", admin, form("action", "kick", "jid", full, "csrf", token)).statusCode());
        eventually(client::isConnected, connected -> !connected);
        eventually(() -> server.ctl("xmpp:sessions"), sessions -> !sessions.contains(full));
        assertFalse(get("/xmpp", admin).body().contains(full));

        assertEquals(303, post("/xmpp", admin, form("action", "user-passwd", "jid", jid, "password", "n3w", "csrf", token)).statusCode());
        server.connect("localhost", name, "n3w", "desk", "SCRAM-SHA-1").disconnect();

        assertEquals(303, post("/xmpp", admin, form("action", "user-delete", "jid", jid, "csrf", token)).statusCode());
        assertFalse(server.ctl("xmpp:users list localhost").contains(name));
    }

    @Test
    public void anAdminAddsAndRemovesAServedDomain() throws Exception {
        String admin = basic(ADMIN, ADMIN_PASSWORD);
        String token = token(get("/xmpp", admin).body());
        HttpResponse<String> added = post("/xmpp", admin, form("action", "host-add", "domain", "Web.Example", "csrf", token));
        assertEquals(303, added.statusCode());
        eventually(() -> server.ctl("xmpp:hosts"), hosts -> hosts.lines().anyMatch("web.example"::equals));
        assertTrue("written to etc/ as the shell writes it",
                java.nio.file.Files.readString(server.home.resolve("etc/xmpp.server.cfg")).lines().anyMatch(l -> l.startsWith("hosts=") && l.contains("web.example")));
        assertTrue(get("/xmpp", admin).body().contains("web.example"));
        assertEquals(303, post("/xmpp", admin, form("action", "host-remove", "domain", "web.example", "csrf", token)).statusCode());
        eventually(() -> server.ctl("xmpp:hosts"), hosts -> hosts.lines().noneMatch("web.example"::equals));
        HttpResponse<String> last = post("/xmpp", admin, form("action", "host-remove", "domain", "localhost", "csrf", token));
        assertTrue("the shell's refusal shown", last.headers().firstValue("Location").orElse("").contains("failed="));
        assertTrue(server.ctl("xmpp:hosts").contains("localhost"));
    }

    @Test
    public void aChangeSentByAnotherSitesPageIsRefused() throws Exception {
        String admin = basic(ADMIN, ADMIN_PASSWORD);
        long time = server.bundleId("xmpp.mod.time");
        HttpResponse<String> stop = http.send(HttpRequest.newBuilder(URI.create(console + "/bundles/" + time)).header("Authorization", admin)
                .header("Origin", "https://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=stop")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, stop.statusCode());
        assertTrue(server.ctl("lb -s").lines().anyMatch(l -> l.contains("|Active") && l.contains("xmpp.mod.time")));
        String token = token(get("/xmpp", admin).body());
        HttpResponse<String> add = http.send(HttpRequest.newBuilder(URI.create(console + "/xmpp")).header("Authorization", admin)
                .header("Origin", "https://evil.example").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=user-add&jid=evil@localhost&password=x&csrf=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("even with a token", 403, add.statusCode());
        assertFalse(server.ctl("xmpp:users list localhost").contains("evil"));
    }

    @Test
    public void guessingAnAccountsPasswordIsThrottled() throws Exception {
        String target = basic("guessed@localhost", "guess");
        for (int i = 0; i < 5; i++) assertEquals(401, get("/bundles", target).statusCode());   // max.failures.per.account=5 as shipped
        HttpResponse<String> held = get("/bundles", target);
        assertEquals(429, held.statusCode());
        assertTrue(held.headers().firstValue("Retry-After").isPresent());
        eventually(() -> java.nio.file.Files.readString(server.home.resolve("logs/xmpp-0.log")),
                log -> log.contains("web console login for guessed@localhost from 127.0.0.1 throttled"));
        assertEquals("the admin is not held by another account's guesses", 200, get("/bundles", basic(ADMIN, ADMIN_PASSWORD)).statusCode());
    }

    @Test
    public void withoutItsSecurityProviderTheConsoleServesNothing() throws Exception {
        long id = server.bundleId("xmpp.webconsole");
        server.ctl("stop " + id);
        try {
            eventually(() -> get("/bundles", basic("admin", "admin")).statusCode(), s -> s != 401);
            for (String[] login : new String[][] {{"admin", "admin"}, {ADMIN, ADMIN_PASSWORD}})
                assertFalse(String.join(":", login), get("/bundles", basic(login[0], login[1])).statusCode() == 200);
        } finally {
            server.ctl("start " + id);
            eventually(() -> get("/bundles", basic(ADMIN, ADMIN_PASSWORD)).statusCode(), s -> s == 200);
        }
    }
}
