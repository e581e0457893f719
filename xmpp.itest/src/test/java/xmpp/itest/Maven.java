package xmpp.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Maven as a developer does, on the JDK these tests run on and with the local repository
 * of the build that runs them: for builds that must happen outside the reactor (a module
 * author's project, an API change tried on a copy of the core).
 */
final class Maven {

    record Result(int exitCode, String output) {
    }

    private Maven() {
    }

    static Result run(Path pom, String... arguments) throws IOException, InterruptedException {
        String home = System.getProperty("maven.home");
        if (home == null || home.isBlank()) throw new IllegalStateException("system property maven.home is not set: run the tests through Maven (failsafe)");
        List<String> command = new ArrayList<>(List.of(Path.of(home, "bin", "mvn").toString(), "-B", "--no-transfer-progress", "-f", pom.toString()));
        String repo = System.getProperty("maven.repo.local");
        if (repo != null && !repo.isBlank()) command.add("-Dmaven.repo.local=" + repo);
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile("maven", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow");
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("Maven did not finish within 5 minutes: " + command + "\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Result(p.exitValue(), output);
    }

    /** Copies a folder tree, leaving out build output. */
    static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : paths.filter(p -> !from.relativize(p).toString().startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) Files.createDirectories(target);
                else Files.copy(source, target);
            }
        }
    }
}
