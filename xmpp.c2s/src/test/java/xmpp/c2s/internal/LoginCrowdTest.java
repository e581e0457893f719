package xmpp.c2s.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import xmpp.core.jid.Jid;

/** Many users behind one address (a carrier's CGNAT, a company's NAT) log in at the same moment. */
class LoginCrowdTest {

    private static final int CLIENTS = 500;

    @Test
    void fiveHundredClientsFromOneAddressLogInAtOnceWithTheShippedConfiguration() throws Exception {
        try (TestServer server = new TestServer()) {
            server.users.create(Jid.of("crowd@localhost"), "together");
            int port = server.listen(ShippedConfig.listener("xmpp.c2s-default.cfg")).port();
            List<RawClient> clients = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < CLIENTS; i++) {   // all connected before anyone logs in
                    RawClient c = RawClient.connect(port);
                    c.readTimeout(Duration.ofMinutes(1));   // each waits its turn behind the 499 others on a shared machine
                    clients.add(c);
                }
                List<Future<String>> logins = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    RawClient c = clients.get(i);
                    String resource = "c" + i;
                    logins.add(threads.submit(() -> {
                        c.logIn(server, "crowd", "together", resource);
                        return resource;
                    }));
                }
                for (Future<String> login : logins) login.get();
                for (int i = 0; i < CLIENTS; i++)
                    assertTrue(server.router.session(Jid.of("crowd@localhost/c" + i)).isPresent(), "client " + i + " is bound");
            } finally {
                for (RawClient c : clients) c.close();
            }
        }
    }
}
