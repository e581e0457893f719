package xmpp.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Rows of {@code server,scenario,x,repetition,metric,value} appended to the run's CSV as they
 * are measured, so that a run stopped half-way keeps what it measured.
 */
final class Results {

    static final String HEADER = "server,scenario,x,repetition,metric,value";

    private final Path csv;
    private final String server;

    Results(Path csv, String server) throws IOException {
        this.csv = csv;
        this.server = server;
        if (!Files.exists(csv)) Files.writeString(csv, HEADER + "\n");
    }

    void add(String scenario, String x, int repetition, String metric, double value) throws IOException {
        String row = String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%.4f%n", server, scenario, x, repetition, metric, value);
        Files.writeString(csv, row, StandardOpenOption.APPEND);
        System.out.print("  " + row);
    }
}
