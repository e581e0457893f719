package xmpp.bench.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * From the CSV of a run: {@code results.md}, a table of the medians over repetitions with our
 * ratio to the best peer for each row, and three SVG plots (throughput and p99 latency against
 * pairs, resident memory against idle sessions), one line per server.
 *
 * <p>{@code Report <results.csv> <output folder>}
 */
public final class Report {

    static final String OURS = "ours";

    /** One table row: which measurement, how it reads, and whether more is better (null: no ratio, e.g. the load generator's CPU). */
    private record Row(String scenario, String metric, String label, String unit, Boolean higherIsBetter) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("fresh", "rss_mib", "resident memory of a fresh server", "MiB", false),
            new Row("login", "logins_per_s", "logins/s, %s", "/s", true),
            new Row("login", "server_cpu_ms_per_login", "server CPU per login, %s", "ms", false),
            new Row("login", "load_cores", "load generator CPU, logins %s", "cores", null),
            new Row("throughput", "msg_per_s", "messages/s, %s pairs", "/s", true),
            new Row("throughput", "p99_ms", "p99 latency, %s pairs", "ms", false),
            new Row("throughput", "server_cpu_us_per_msg", "server CPU per message, %s pairs", "µs", false),
            new Row("throughput", "load_cores", "load generator CPU, %s pairs", "cores", null),
            new Row("presence", "deliveries_per_s", "presence deliveries/s, %s contacts", "/s", true),
            new Row("presence", "median_ms", "presence broadcast to %s contacts, median", "ms", false),
            new Row("presence", "server_cpu_us_per_delivery", "server CPU per presence delivery, %s contacts", "µs", false),
            new Row("idle", "logins_per_s", "logins/s up to %s idle sessions (SCRAM-SHA-256+TLS, 32 at once)", "/s", true),
            new Row("idle", "rss_mib", "resident memory with %s idle sessions", "MiB", false),
            new Row("idle", "kib_per_session", "memory per idle session, %s sessions", "KiB", false));

    private Report() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]), out = Path.of(args[1]);
        // server -> scenario/x/metric -> values over repetitions
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
        Map<String, Set<String>> xs = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            values.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).computeIfAbsent(key(f[1], f[2], f[4]), k -> new ArrayList<>()).add(Double.parseDouble(f[5]));
            xs.computeIfAbsent(f[1], k -> new LinkedHashSet<>()).add(f[2]);
        }
        List<String> servers = new ArrayList<>(values.keySet());
        Files.writeString(out.resolve("results.md"), table(values, xs, servers));
        chart(values, xs, servers, "throughput", "msg_per_s", "Throughput (messages/s)", "pairs", "messages/s", true, true, out.resolve("throughput.svg"));
        chart(values, xs, servers, "throughput", "p99_ms", "p99 latency (ms)", "pairs", "ms", true, true, out.resolve("latency-p99.svg"));
        chart(values, xs, servers, "idle", "rss_mib", "Resident memory with idle TLS sessions", "idle sessions", "MiB", false, false, out.resolve("memory.svg"));
    }

    private static String table(Map<String, Map<String, List<Double>>> values, Map<String, Set<String>> xs, List<String> servers) {
        List<String> peers = servers.stream().filter(s -> !s.equals(OURS)).toList();
        StringBuilder md = new StringBuilder("| measurement | " + String.join(" | ", servers) + " | " + OURS + " ÷ best peer |\n");
        md.append("|---".repeat(servers.size() + 2)).append("|\n");
        for (Row row : ROWS) {
            for (String x : xs.getOrDefault(row.scenario(), Set.of())) {
                String key = key(row.scenario(), x, row.metric());
                if (servers.stream().noneMatch(s -> values.get(s).containsKey(key))) continue;
                md.append("| ").append(row.label().formatted(x)).append(" (").append(row.unit()).append(")");
                for (String s : servers) md.append(" | ").append(format(median(values.get(s).get(key))));
                Double best = null;
                for (String p : row.higherIsBetter() == null ? List.<String>of() : peers) {
                    Double v = median(values.get(p).get(key));
                    if (v != null && (best == null || (row.higherIsBetter() ? v > best : v < best))) best = v;
                }
                Double ours = median(values.getOrDefault(OURS, Map.of()).get(key));
                md.append(" | ").append(ours == null || best == null || best == 0 ? "" : String.format(Locale.ROOT, "%.2f", ours / best)).append(" |\n");
            }
        }
        return md.toString();
    }

    private static void chart(Map<String, Map<String, List<Double>>> values, Map<String, Set<String>> xs, List<String> servers, String scenario,
                              String metric, String title, String xLabel, String yLabel, boolean logX, boolean logY, Path file) throws Exception {
        SvgChart chart = new SvgChart(title, xLabel, yLabel, logX, logY);
        for (String s : servers) {
            for (String x : xs.getOrDefault(scenario, Set.of())) {
                Double v = median(values.get(s).get(key(scenario, x, metric)));
                if (v != null) chart.point(s, Double.parseDouble(x), v);
            }
        }
        if (!chart.isEmpty()) Files.writeString(file, chart.toSvg());
    }

    private static String key(String scenario, String x, String metric) {
        return scenario + "/" + x + "/" + metric;
    }

    private static Double median(List<Double> v) {
        if (v == null || v.isEmpty()) return null;
        double[] sorted = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(Double v) {
        if (v == null) return "–";
        if (v >= 100) return String.format(Locale.ROOT, "%,.0f", v);
        if (v >= 10) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
