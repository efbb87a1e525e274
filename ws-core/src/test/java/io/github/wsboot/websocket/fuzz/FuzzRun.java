package io.github.wsboot.websocket.fuzz;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One coverage-guided fuzzing run of a target class by Jazzer's standalone driver (libFuzzer in a forked
 * JVM, code under {@code io.github.wsboot} instrumented for coverage). The corpus grows under
 * {@code target/fuzz/corpus/<target>} and a crashing input is written to {@code target/fuzz/}.
 *
 * @param target the fuzz target class (a public static {@code fuzzerTestOneInput})
 * @param exitCode the driver's exit code: 0 when the time ran out without a finding
 * @param executions inputs tried, as libFuzzer reports them
 * @param output the driver's whole output
 */
record FuzzRun(Class<?> target, int exitCode, long executions, String output) {

    private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");
    private static final Pattern STATS = Pattern.compile("#(\\d+)\\s+(?:DONE|pulse|NEW|REDUCE|INITED)");

    /** Fuzzes {@code target} for {@code seconds}; the forked JVM gets {@code heapMb} of heap. */
    static FuzzRun fuzz(Class<?> target, int seconds, int heapMb) throws IOException, InterruptedException {
        Path dir = Path.of("target", "fuzz");
        Path corpus = dir.resolve("corpus").resolve(target.getSimpleName());
        Files.createDirectories(corpus);
        Path log = dir.resolve(target.getSimpleName() + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m",
                "-XX:-OmitStackTraceInFastThrow",
                "-cp",
                System.getProperty("java.class.path"),
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + target.getName(),
                "--instrumentation_includes=io.github.wsboot.**",
                "--custom_hook_excludes=io.github.wsboot.**",
                "-max_total_time=" + seconds,
                "-timeout=10",
                "-rss_limit_mb=" + Math.max(2048, heapMb * 3),
                "-print_final_stats=1",
                "--reproducer_path=" + dir.toAbsolutePath(),
                "-artifact_prefix=" + dir.toAbsolutePath() + File.separator + target.getSimpleName() + "-",
                corpus.toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("fuzzing " + target.getSimpleName() + " did not stop; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        return new FuzzRun(target, process.exitValue(), executions(output), output);
    }

    private static long executions(String output) {
        Matcher done = DONE.matcher(output);
        long last = -1;
        while (done.find()) {
            last = Long.parseLong(done.group(1));
        }
        if (last >= 0) {
            return last;
        }
        Matcher stats = STATS.matcher(output);
        while (stats.find()) {
            last = Long.parseLong(stats.group(1));
        }
        return last;
    }

    /** The end of the output, where libFuzzer and Jazzer describe a finding. */
    String tail() {
        return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
    }
}
