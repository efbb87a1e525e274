package io.github.wsboot.websocket.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.wsboot.websocket.engine.EngineScannerFuzzTarget;

/**
 * A bounded, real coverage-guided fuzzing run of every target on each build: {@code ws.fuzz.seconds} per target
 * (5 by default; the longer run documented in the README passes e.g. {@code -Dws.fuzz.seconds=600}). A finding
 * fails the test with Jazzer's report and leaves the crashing input in {@code target/fuzz/}. Executions per
 * target are appended to {@code target/fuzz/summary.txt}.
 */
class FuzzTargetsTest {

    private static final int SECONDS = Integer.getInteger("ws.fuzz.seconds", 5);

    static Stream<Class<?>> targets() {
        return Stream.of(
                FrameReaderFuzzTarget.class,
                HttpResponseHeadFuzzTarget.class,
                ExtensionHeaderFuzzTarget.class,
                Utf8ValidatorFuzzTarget.class,
                ConnReadFuzzTarget.class,
                EngineScannerFuzzTarget.class);
    }

    @BeforeAll
    static void freshSummary() throws Exception {
        Files.createDirectories(Path.of("target", "fuzz"));
        Files.deleteIfExists(Path.of("target", "fuzz", "summary.txt"));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void fuzzWithoutFinding(Class<?> target) throws Exception {
        FuzzRun run = FuzzRun.fuzz(target, SECONDS, 512);
        Files.writeString(
                Path.of("target", "fuzz", "summary.txt"),
                target.getSimpleName() + " " + SECONDS + "s " + run.executions() + " executions, exit " + run.exitCode()
                        + System.lineSeparator(),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertThat(run.exitCode())
                .as("Jazzer finding in %s:%n%s", target.getSimpleName(), run.tail())
                .isZero();
        assertThat(run.executions())
                .as("inputs tried by %s:%n%s", target.getSimpleName(), run.tail())
                .isGreaterThan(1000);
    }
}
