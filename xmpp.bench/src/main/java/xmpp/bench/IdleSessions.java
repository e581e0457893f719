package xmpp.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import xmpp.c2s.internal.RawClient;
import xmpp.c2s.internal.TestServer;

/**
 * Opens N sessions to a running server (its folder given for its certificate), each logged in
 * over STARTTLS with PLAIN, bound and available, then keeps them idle for the given seconds: for
 * measuring what an idle session costs the server, from outside its JVM.
 *
 * <p>{@code IdleSessions <server folder> <port> <first user index> <count> <password> <seconds>};
 * users are {@code load<i>@localhost}.
 */
public final class IdleSessions {

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        String password = args[4];
        long seconds = Long.parseLong(args[5]);
        TestServer trust = TestServer.trusting(home);
        List<RawClient> clients = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            RawClient c = RawClient.loggedIn(port, trust, "load" + i, password, "idle");
            c.send("<presence/>");
            clients.add(c);
        }
        System.out.println("connected " + clients.size());
        Thread.sleep(seconds * 1000);
        for (RawClient c : clients) c.close();
    }
}
