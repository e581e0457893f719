package xmpp.bench.peers;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server under test: where it listens, its domain, its process (read from /proc, from
 * outside, the same way for every server) and the password of its admin account.
 */
public record Target(String name, String host, int port, String domain, long pid, String adminPassword) {

    /** Clients per loopback source address: below the 28,000 ports of Linux's default ephemeral range. */
    private static final int CLIENTS_PER_SOURCE = 20_000;

    /** Resident memory of the server process, in KiB. */
    public long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        throw new IOException("no VmRSS in /proc/" + pid + "/status: is the server still running?");
    }

    /** CPU time of the server process (user and system, every thread), in nanoseconds. */
    public long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);   // utime, stime: fields 14 and 15 of proc(5)
        return ticks * 10_000_000L;   // USER_HZ is 100 on Linux
    }

    /** The source address of the {@code i}-th client: 127.0.0.10 and up, one per 20,000 clients. */
    public static InetAddress source(int i) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (10 + i / CLIENTS_PER_SOURCE)});
    }
}
