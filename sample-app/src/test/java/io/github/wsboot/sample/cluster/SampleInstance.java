package io.github.wsboot.sample.cluster;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample application in its own JVM (the test's class path), so that it can be killed with SIGKILL like a
 * crashed server: relay on, presence heartbeat 1 s with 3 s expiry, rooms recoverable.
 */
final class SampleInstance {

    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Duration EXPIRY = Duration.ofSeconds(3);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int port;
    final Process process;
    final Path log;

    private SampleInstance(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static SampleInstance start(String name, int redisPort, Path dir) throws IOException {
        int port = ClusterPeers.freePort();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                "io.github.wsboot.sample.SampleApplication",
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--ws.hub.redis.enabled=true",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisPort,
                "--spring.data.redis.timeout=2s",
                "--ws.hub.redis.presence.heartbeat=" + HEARTBEAT.toMillis() + "ms",
                "--ws.hub.redis.presence.expiry=" + EXPIRY.toMillis() + "ms",
                "--spring.threads.virtual.enabled=false"));
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new SampleInstance(port, p, log);
    }

    /** Waits until /actuator/health answers 200. */
    void awaitHealthy(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sample-app on " + port + " exited: " + tail());
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("sample-app on " + port + " not healthy within " + timeout + ": " + tail());
    }

    /** SIGKILL: no shutdown hook, no close frames, no presence cleanup. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(
                    File.separator.equals("/") ? "\n" : "\r\n",
                    lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
