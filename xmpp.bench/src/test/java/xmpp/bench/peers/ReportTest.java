package xmpp.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path dir;

    private String report(String... rows) throws Exception {
        Path csv = dir.resolve("results.csv");
        Files.writeString(csv, Results.HEADER + "\n" + String.join("\n", rows) + "\n");
        Report.main(new String[] {csv.toString(), dir.toString()});
        return Files.readString(dir.resolve("results.md"));
    }

    private static String row(String table, String label) {
        return table.lines().filter(l -> l.startsWith("| " + label + " ")).findFirst().orElseThrow(() -> new AssertionError("no row " + label + " in\n" + table));
    }

    @Test
    void eachCellIsTheMedianOfItsRepetitions() throws Exception {
        String table = report(
                "ours,throughput,10,1,msg_per_s,1", "ours,throughput,10,2,msg_per_s,100", "ours,throughput,10,3,msg_per_s,3",
                "prosody,throughput,10,1,msg_per_s,2");
        assertEquals("| messages/s, 10 pairs (/s) | 3.00 | 2.00 | 1.50 |", row(table, "messages/s, 10 pairs"));
    }

    @Test
    void theRatioIsAgainstTheBestPeerWhicheverWayIsBetter() throws Exception {
        String table = report(
                "ours,throughput,100,1,msg_per_s,100", "ejabberd,throughput,100,1,msg_per_s,20", "prosody,throughput,100,1,msg_per_s,10",
                "ours,idle,1000,1,kib_per_session,30", "ejabberd,idle,1000,1,kib_per_session,500", "prosody,idle,1000,1,kib_per_session,60");
        assertTrue(row(table, "messages/s, 100 pairs").endsWith("| 5.00 |"), "more is better: against ejabberd's 20");
        assertTrue(row(table, "memory per idle session, 1000 sessions").endsWith("| 0.50 |"), "less is better: against Prosody's 60");
    }

    @Test
    void theLoadGeneratorsOwnCpuIsShownWithoutARatio() throws Exception {
        String table = report("ours,throughput,10,1,load_cores,0.5", "prosody,throughput,10,1,load_cores,0.1");
        assertEquals("| load generator CPU, 10 pairs (cores) | 0.50 | 0.10 |  |", row(table, "load generator CPU, 10 pairs"));
    }

    @Test
    void aServerWithoutAMeasurementShowsADash() throws Exception {
        String table = report("ours,login,PLAIN,1,logins_per_s,300", "prosody,throughput,1,1,msg_per_s,5");
        assertEquals("| logins/s, PLAIN (/s) | 300 | – |  |", row(table, "logins/s, PLAIN"));
    }

    @Test
    void thePlotsHaveOneLinePerServer() throws Exception {
        report("ours,throughput,1,1,msg_per_s,50000", "ours,throughput,10,1,msg_per_s,90000",
                "ejabberd,throughput,1,1,msg_per_s,9000", "ejabberd,throughput,10,1,msg_per_s,14000",
                "prosody,throughput,1,1,msg_per_s,4000", "prosody,throughput,10,1,msg_per_s,5000");
        String svg = Files.readString(dir.resolve("throughput.svg"));
        assertEquals(3, svg.split("<polyline").length - 1);
        for (String server : List.of("ours", "ejabberd", "prosody")) assertTrue(svg.contains(">" + server + "</text>"), server);
        assertFalse(Files.exists(dir.resolve("memory.svg")), "no idle sessions measured, no memory plot");
    }
}
