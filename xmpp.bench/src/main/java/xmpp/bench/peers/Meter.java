package xmpp.bench.peers;

import java.io.IOException;
import java.lang.management.ManagementFactory;

/** Wall time, the server's CPU time and the load generator's own CPU time since it was started. */
final class Meter {

    private static final com.sun.management.OperatingSystemMXBean SELF =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Target target;
    private final long wall = System.nanoTime();
    private final long server;
    private final long self = SELF.getProcessCpuTime();

    Meter(Target target) throws IOException {
        this.target = target;
        this.server = target.cpuNanos();
    }

    double seconds() {
        return (System.nanoTime() - wall) / 1e9;
    }

    double serverCpuSeconds() throws IOException {
        return (target.cpuNanos() - server) / 1e9;
    }

    /** CPU the load generator used, in cores (1.0: one core busy the whole time). */
    double loadCores() {
        return (SELF.getProcessCpuTime() - self) / 1e9 / seconds();
    }
}
