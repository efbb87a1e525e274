package io.github.wsboot.websocket.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.github.wsboot.websocket.peers.ExternalPeer;

/**
 * A real proxy server from Debian, started on a free loopback port from a configuration written to a
 * temporary folder, and stopped by {@link #close()}: tinyproxy (HTTP CONNECT, optionally with basic auth),
 * dante (SOCKS5 without authentication) and microsocks (SOCKS5 with username/password). They are installed by
 * {@code .ci/install-test-peers}; a test that needs a missing one is skipped, or fails under {@code CI=true}.
 */
final class RealProxy implements AutoCloseable {

    static final ExternalPeer TINYPROXY = binary("tinyproxy", "tinyproxy-bin");
    static final ExternalPeer DANTE = binary("danted", "dante-server");
    static final ExternalPeer MICROSOCKS = binary("microsocks", "microsocks");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_KEPT_CHARS = 64 * 1024;

    private final String name;
    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();

    private RealProxy(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
        drain(process.getInputStream());
    }

    /** tinyproxy allowing CONNECT to any port from loopback; with {@code user} set, it requires basic auth. */
    static RealProxy tinyproxy(Path dir, String user, String password) throws IOException {
        TINYPROXY.assumeInstalledOrFailInCi();
        return start("tinyproxy", port -> {
            StringBuilder conf = new StringBuilder()
                    .append("Port ")
                    .append(port)
                    .append('\n')
                    .append("Listen 127.0.0.1\n")
                    .append("Timeout 60\n")
                    .append("MaxClients 50\n")
                    .append("Allow 127.0.0.1\n")
                    .append("LogLevel Info\n");
            // No ConnectPort line: tinyproxy then allows CONNECT to every port, the tests' random ones included.
            if (user != null) {
                conf.append("BasicAuth ")
                        .append(user)
                        .append(' ')
                        .append(password)
                        .append('\n');
            }
            Path file = write(dir, "tinyproxy-" + port + ".conf", conf.toString());
            return List.of(find("tinyproxy"), "-d", "-c", file.toString());
        });
    }

    /** dante's danted: SOCKS5 without authentication, host names resolved by dante. */
    static RealProxy dante(Path dir) throws IOException {
        DANTE.assumeInstalledOrFailInCi();
        return start("danted", port -> {
            String conf = "logoutput: stderr\n"
                    + "internal: 127.0.0.1 port = " + port + "\n"
                    + "external: 127.0.0.1\n"
                    + "clientmethod: none\n"
                    + "socksmethod: none\n"
                    + "client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }\n"
                    + "socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 command: connect }\n";
            Path file = write(dir, "danted-" + port + ".conf", conf);
            return List.of(
                    find("danted"),
                    "-f",
                    file.toString(),
                    "-p",
                    dir.resolve("danted-" + port + ".pid").toString(),
                    "-N",
                    "1");
        });
    }

    /** microsocks: SOCKS5, with {@code user} set requiring username/password (RFC 1929). */
    static RealProxy microsocks(String user, String password) throws IOException {
        MICROSOCKS.assumeInstalledOrFailInCi();
        return start("microsocks", port -> {
            List<String> command =
                    new ArrayList<>(List.of(find("microsocks"), "-i", "127.0.0.1", "-p", Integer.toString(port)));
            if (user != null) {
                command.addAll(List.of("-u", user, "-P", password));
            }
            return command;
        });
    }

    int port() {
        return port;
    }

    /** The proxy's URL with {@code scheme} and optional {@code user:password@}. */
    URI url(String scheme, String userInfo) {
        return URI.create(scheme + "://" + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + port);
    }

    /** Freezes the proxy with SIGSTOP: the kernel still accepts connections, but nothing answers them. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Undoes {@link #pause()}. */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    String describe() {
        return name + " on port " + port + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                + "\n--- output ---\n" + output;
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        try {
            resume(); // a stopped process would not act on SIGTERM
        } catch (IOException | InterruptedException e) {
            // it is killed below anyway
        }
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        kill.getInputStream().readAllBytes();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    /**
     * Starts the command that {@code commandForPort} gives for a free port and waits until the port accepts
     * connections. The port is free when chosen but may be taken before the proxy binds it: then it is tried
     * again with another.
     */
    private static RealProxy start(String name, IntFunction<List<String>> commandForPort) throws IOException {
        String failures = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Process process = new ProcessBuilder(commandForPort.apply(port))
                    .redirectErrorStream(true)
                    .start();
            RealProxy proxy = new RealProxy(name, process, port);
            if (proxy.awaitListening()) {
                return proxy;
            }
            failures += "\n" + proxy.describe();
            proxy.close();
        }
        throw new IOException(name + " did not start:" + failures);
    }

    private boolean awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path write(Path dir, String fileName, String content) {
        try {
            return Files.writeString(dir.resolve(fileName), content);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + fileName, e);
        }
    }

    private void drain(InputStream in) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            if (output.length() < MAX_KEPT_CHARS) {
                                output.append(line).append('\n');
                            }
                        }
                    } catch (IOException e) {
                        // the process is gone
                    }
                },
                "proxy-" + name + "-output");
        t.setDaemon(true);
        t.start();
    }

    /** The program's path: Debian puts tinyproxy and microsocks in /usr/bin, danted in /usr/sbin. */
    static String find(String program) {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        for (String dir : dirs) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static ExternalPeer binary(String program, String debianPackage) {
        return new ExternalPeer(
                program + " (Debian package " + debianPackage + ")",
                () -> find(program) == null ? "no " + program + " in /usr/sbin, /usr/bin or the PATH" : null);
    }
}
