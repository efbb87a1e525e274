package io.github.wsboot.sample.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

import io.github.wsboot.websocket.testing.RedisServerProcess;

/**
 * The external programs of the cluster test: Debian's {@code redis-server} and {@code haproxy}, started by the
 * test on free loopback ports. Missing: skipped with a message naming {@code .ci/install-test-peers}, which
 * installs them; with {@code CI=true} the test fails instead.
 */
final class ClusterPeers {

    static final Path REDIS = RedisServerProcess.BINARY;
    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private ClusterPeers() {}

    static void assumeInstalledOrFailInCi() {
        for (Path program : new Path[] {REDIS, HAPROXY}) {
            if (!Files.isExecutable(program)) {
                String message =
                        program + " is missing: run .ci/install-test-peers to install the cluster test's peers "
                                + "(redis-server, haproxy)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail(message + ". CI=true: a missing peer fails the build instead of skipping its tests");
                }
                Assumptions.abort(message);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @SuppressWarnings("try") // connecting is the check; the socket is only closed
    static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts HAProxy on {@code port}, round-robin over the backends, health-checking /actuator/health every
     * 300 ms (a dead backend is out after one failed check) and redispatching a failed connect to another.
     */
    static Process haproxy(int port, int[] backends, Path dir) throws IOException {
        StringBuilder cfg = new StringBuilder("""
                global
                  maxconn 2000
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 60s
                  timeout server 60s
                  timeout tunnel 1h
                  retries 3
                  option redispatch
                frontend chat
                """);
        cfg.append("  bind 127.0.0.1:").append(port).append('\n');
        cfg.append(
                "  default_backend apps\nbackend apps\n  balance roundrobin\n  option httpchk GET /actuator/health\n");
        for (int i = 0; i < backends.length; i++) {
            cfg.append("  server s")
                    .append(i)
                    .append(" 127.0.0.1:")
                    .append(backends[i])
                    .append(" check inter 300ms fall 1 rise 2\n");
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        return new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile())
                .start();
    }
}
