package xmpp.itest;

import java.util.ArrayList;
import java.util.List;

/**
 * Nodes of one cluster for the tests that run several: the exported cluster distribution per node
 * (its own data, ports and node name), clustered over loopback and sharing one
 * {@link ClusterDatabase}, which outlives the nodes a test stops or kills.
 */
final class ClusterNodes implements AutoCloseable {

    private final ClusterDatabase database;
    private final String domain;
    private final int memberTimeoutS;
    private final List<Integer> ports = new ArrayList<>();
    private final List<ServerProcess> nodes = new ArrayList<>();

    /** A database and {@code count} cluster ports for nodes serving {@code domain}. */
    ClusterNodes(String domain, int count, int memberTimeoutS) throws Exception {
        this.domain = domain;
        this.memberTimeoutS = memberTimeoutS;
        database = ClusterDatabase.start();
        for (int i = 0; i < count; i++) ports.add(ServerProcess.freePort());
    }

    /** Node {@code n{index+1}}, configured and not yet started; its etc/ may be changed before it is. */
    ServerProcess node(int index) throws Exception {
        String members = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
        ServerProcess node = new ServerProcess(domain).distribution("cluster.jar");
        node.configure("xmpp.server.cfg", "node", "n" + (index + 1));
        node.configure("xmpp.cluster.cfg", "port", String.valueOf(ports.get(index)));
        node.configure("xmpp.cluster.cfg", "members", members);
        node.configure("xmpp.cluster.cfg", "member.timeout.s", String.valueOf(memberTimeoutS));
        node.configure("xmpp.storage.jdbc.cfg", "url", database.url);
        node.configure("xmpp.storage.jdbc.cfg", "dataSourceFactory.target", database.driverTarget);
        nodes.add(node);
        return node;
    }

    ClusterDatabase database() {
        return database;
    }

    @Override
    public void close() throws Exception {
        for (ServerProcess node : nodes.reversed()) node.close();
        database.close();
    }
}
