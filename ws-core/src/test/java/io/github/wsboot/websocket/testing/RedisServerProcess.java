package io.github.wsboot.websocket.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Redis server (Debian's {@code /usr/bin/redis-server}) on a free loopback port, data in a temporary
 * directory, no persistence. It can be stopped and started again on the same port to simulate an outage.
 * Missing binary: the test is skipped locally and fails with {@code CI=true}, as for ws-core's external peers
 * ({@code .ci/install-test-peers} installs it). For the starter's hub tests, the sample's cluster test and the
 * cross-instance benchmark.
 */
public final class RedisServerProcess implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port;
    private final Path dir;
    private Process process;

    private RedisServerProcess(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Skips (or, with CI=true, fails) the calling test when redis-server is not installed. */
    public static void assumeInstalledOrFailInCi() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String message =
                "redis-server is not available (" + BINARY + " missing); run .ci/install-test-peers to install it";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + ". CI=true: a missing peer fails the build instead of skipping its tests");
        }
        Assumptions.abort(message);
    }

    /** Starts a server on a free loopback port. */
    public static RedisServerProcess start() throws IOException, InterruptedException {
        assumeInstalledOrFailInCi();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return start(port);
    }

    /** Starts a server on {@code port}. */
    public static RedisServerProcess start(int port) throws IOException, InterruptedException {
        assumeInstalledOrFailInCi();
        RedisServerProcess redis = new RedisServerProcess(port, Files.createTempDirectory("redis"));
        redis.startAgain();
        return redis;
    }

    public int port() {
        return port;
    }

    /** Starts the server (again) on the same port and waits until it answers PING. */
    public void startAgain() throws IOException, InterruptedException {
        process = launch(port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("redis-server did not start on port " + port + ": "
                        + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(20);
        }
    }

    /**
     * Starts redis-server on loopback {@code port} without persistence, data and log ({@code redis.log}) in
     * {@code dir}, and returns at once: the caller waits for it and stops it.
     */
    public static Process launch(int port, Path dir) throws IOException {
        return new ProcessBuilder(
                        BINARY.toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString(),
                        "--protected-mode",
                        "yes")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
    }

    /** Kills the server (an outage, not a shutdown) and waits for it to be gone. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    private boolean answersPing() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return n == 7 && new String(buf, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
