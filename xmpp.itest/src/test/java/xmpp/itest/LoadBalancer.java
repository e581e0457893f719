package xmpp.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP load balancer in front of a cluster's client ports, as an operator puts one: each new
 * connection goes to the node it points at now, so a client that reconnects may land on another
 * node than before. Either side's end (EOF or reset) ends both, without a byte added: a client
 * that drops its connection looks the same to the node as one that drops it directly.
 */
final class LoadBalancer implements AutoCloseable {

    private final ServerSocket listening;
    private volatile int target;

    LoadBalancer(int targetPort) throws IOException {
        target = targetPort;
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listening.getLocalPort();
    }

    /** New connections go to {@code targetPort} from now on; open ones stay where they are. */
    void sendTo(int targetPort) {
        target = targetPort;
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket node = new Socket(InetAddress.getLoopbackAddress(), target);
                Thread.ofVirtual().start(() -> pipe(client, node));
                Thread.ofVirtual().start(() -> pipe(node, client));
            } catch (IOException e) {
                if (!listening.isClosed()) System.err.println("load balancer: a connection could not be forwarded: " + e);
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: closing both (try-with-resources) passes that on to the other
        }
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
