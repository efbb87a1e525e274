package io.github.wsboot.websocket.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An external peer program with its output drained on background threads (a full pipe would block it). Every
 * wait is bounded, and {@link #close()} kills the process: use it in try-with-resources.
 */
final class PeerProcess implements AutoCloseable {

    /** Output kept for failure messages; the peers print a line or two, so this only guards runaways. */
    private static final int MAX_KEPT_CHARS = 64 * 1024;

    private final List<String> command;
    private final Process process;
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();

    private PeerProcess(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        drain(process.getInputStream(), stdout, stdoutLines, "stdout");
        drain(process.getErrorStream(), stderr, null, "stderr");
    }

    /** Starts {@code command} in {@code directory}. Its stdin stays open until {@link #close()}. */
    static PeerProcess start(Path directory, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile());
        return new PeerProcess(List.copyOf(command), pb.start());
    }

    /** Runs {@code command} to its end within {@code timeout} and returns its exit code; -1 when it cannot run. */
    static int run(Path directory, Duration timeout, String... command) {
        try (PeerProcess p = start(directory, List.of(command))) {
            return p.awaitExit(timeout);
        } catch (IOException | AssertionError e) {
            return -1;
        }
    }

    /** The next line the process prints on stdout. */
    String awaitLine(Duration timeout) {
        try {
            String line = stdoutLines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("no output line within " + timeout + " from " + describe());
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + describe(), e);
        }
    }

    /** Waits for the process to exit and returns its exit code; fails (and kills it) after {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError("still running after " + timeout + ": " + describe());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + describe(), e);
        }
    }

    /** Everything the process printed on stdout so far (the drain threads may lag behind its exit briefly). */
    String stdout() {
        return stdout.toString();
    }

    /** The command, exit status and output, for failure messages. */
    String describe() {
        return command + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }

    /** Kills the process (and anything it started), then gives it a moment to go. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(InputStream in, StringBuffer kept, BlockingQueue<String> lines, String what) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            if (kept.length() < MAX_KEPT_CHARS) {
                                kept.append(line).append('\n');
                            }
                            if (lines != null) {
                                lines.add(line);
                            }
                        }
                    } catch (IOException e) {
                        // The process was killed: its output ends here.
                    }
                },
                "peer-" + what);
        t.setDaemon(true);
        t.start();
    }
}
