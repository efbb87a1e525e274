package io.github.wsboot.websocket.interop;

import static io.github.wsboot.websocket.interop.ContainerHandOverTest.handshake;
import static io.github.wsboot.websocket.interop.ContainerHandOverTest.maskedText;
import static io.github.wsboot.websocket.interop.ContainerHandOverTest.readResponseHead;
import static io.github.wsboot.websocket.interop.ContainerHandOverTest.readText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.ConnHandler;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.transport.DeferredTransport;

/**
 * Tomcat's native hand-over ({@code TomcatTransport}): blocked calls are woken by close and by deadlines
 * within a second, the server really closes the TCP connection, Tomcat's own timeouts leave an idle upgraded
 * connection alone, TLS works, and hundreds of connections leave no socket, processor or connection count
 * behind. Each test runs against Tomcat's NIO connector (Tomcat's and Spring Boot's default) and NIO2.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TomcatTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Tomcat's HTTP/1.1 connectors. */
    enum Protocol {
        NIO("org.apache.coyote.http11.Http11NioProtocol"),
        NIO2("org.apache.coyote.http11.Http11Nio2Protocol");

        final String className;

        Protocol(String className) {
            this.className = className;
        }
    }

    private static Path keyStore;

    @BeforeAll
    static void makeKeyStore(@TempDir Path dir) throws Exception {
        keyStore = dir.resolve("tomcat.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "tomcat",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit"))
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void closeWakesABlockedReadWithinASecondAndClosesTheTcpConnection(Protocol protocol) throws Exception {
        try (Server server = Server.start(protocol, false, null)) {
            String id = UUID.randomUUID().toString();
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout((int) WAIT.toMillis());
                s.getOutputStream().write(handshake(server.port(), "/close-while-reading?id=" + id));
                InputStream in = s.getInputStream();
                assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");

                Woken woken = (Woken) server.servlet.next(id);
                assertThat(woken.thrown()).as("what the blocked read threw").isInstanceOf(IOException.class);
                assertThat(woken.afterClose()).as("from close() to the read failing").isLessThan(Duration.ofSeconds(1));

                long start = System.nanoTime();
                assertThat(in.read()).as("the server closed the TCP connection").isEqualTo(-1);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void writeDeadlineFailsAWriteBlockedOnAClientThatNeverReads(Protocol protocol) throws Exception {
        try (Server server = Server.start(protocol, false, null)) {
            String id = UUID.randomUUID().toString();
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setReceiveBufferSize(32 * 1024);
                s.setSoTimeout((int) WAIT.toMillis());
                s.getOutputStream().write(handshake(server.port(), "/write-to-silent-client?id=" + id));
                assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 101");

                Woken woken = (Woken) server.servlet.next(id);
                assertThat(woken.thrown()).isInstanceOf(SocketTimeoutException.class);
                assertThat(woken.afterClose()).as("from the deadline to the write failing")
                        .isLessThan(Duration.ofSeconds(1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void readDeadlineEndsAReadWithTheTransportsOwnTimeout(Protocol protocol) throws Exception {
        try (Server server = Server.start(protocol, false, null);
             Socket s = new Socket("127.0.0.1", server.port())) {
            String id = UUID.randomUUID().toString();
            s.setSoTimeout((int) WAIT.toMillis());
            s.getOutputStream().write(handshake(server.port(), "/read-deadline?id=" + id));
            assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 101");

            assertThat(server.servlet.next(id)).as("the transport times reads out itself").isEqualTo(Boolean.TRUE);
            Woken woken = (Woken) server.servlet.next(id);
            assertThat(woken.thrown()).isInstanceOf(SocketTimeoutException.class);
            assertThat(woken.afterClose()).as("from the deadline to the read failing").isLessThan(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void tomcatTimeoutsLeaveAnIdleUpgradedConnectionAlone(Protocol protocol) throws Exception {
        try (Server server = Server.start(protocol, false, Duration.ofMillis(200));
             Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(handshake(server.port(), "/echo"));
            InputStream in = s.getInputStream();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
            // Tomcat checks its timeouts about once a second; 200 ms connection and keep-alive timeouts would
            // have closed a plain HTTP connection several times over.
            Thread.sleep(2500);
            out.write(maskedText("still here"));
            assertThat(readText(in)).isEqualTo("still here");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void tlsCarriesFramesAndCloseStillWakesABlockedRead(Protocol protocol) throws Exception {
        try (Server server = Server.start(protocol, true, null)) {
            try (SSLSocket s = (SSLSocket) trustingContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
                s.setSoTimeout((int) WAIT.toMillis());
                OutputStream out = s.getOutputStream();
                out.write(handshake(server.port(), "/echo"));
                out.write(maskedText("over TLS, with the handshake"));
                out.flush();
                InputStream in = s.getInputStream();
                assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
                assertThat(readText(in)).isEqualTo("over TLS, with the handshake");
                out.write(maskedText("x".repeat(100)));
                assertThat(readText(in)).isEqualTo("x".repeat(100));
            }
            String id = UUID.randomUUID().toString();
            try (SSLSocket s = (SSLSocket) trustingContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
                s.setSoTimeout((int) WAIT.toMillis());
                s.getOutputStream().write(handshake(server.port(), "/close-while-reading?id=" + id));
                InputStream in = s.getInputStream();
                assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
                Woken woken = (Woken) server.servlet.next(id);
                assertThat(woken.afterClose()).isLessThan(Duration.ofSeconds(1));
                assertThat(readToEnd(in)).as("the server closed the TLS connection").isTrue();
            }
        }
    }

    /**
     * 500 connections, ended every way there is: the client vanishes while the server reads, the server
     * closes while the client waits, the client closes after an echo, and the server closes a connection
     * blocked in a read. Afterwards Tomcat counts no connection and no waiting processor, and the process has
     * the file descriptors it had before.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void connectionsLeaveNothingBehind(Protocol protocol) throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux)");
        try (Server server = Server.start(protocol, false, null)) {
            for (int i = 0; i < 20; i++) {
                cycle(server, i); // warm up: worker threads, class loading, caches
            }
            awaitQuiet(server, 0, 0, -1);
            long baselineFds = countFds(fds);

            for (int i = 0; i < 500; i++) {
                cycle(server, i);
            }

            awaitQuiet(server, 0, 0, baselineFds);
            assertThat(server.protocol().getConnectionCount()).as("Tomcat's connection count").isZero();
            assertThat(server.protocol().getWaitingProcessorCount()).as("Tomcat's waiting processors").isZero();
            assertThat(countFds(fds)).as("open file descriptors").isEqualTo(baselineFds);
        }
    }

    private static void cycle(Server server, int i) throws Exception {
        String id = UUID.randomUUID().toString();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            switch (i % 4) {
                case 0 -> { // client vanishes while the server is blocked in a read
                    out.write(handshake(server.port(), "/echo?id=" + id));
                    assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
                }
                case 1 -> { // server closes at once
                    out.write(handshake(server.port(), "/close-now"));
                    assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
                    assertThat(in.read()).isEqualTo(-1);
                }
                case 2 -> { // one echo, then the client closes
                    out.write(handshake(server.port(), "/echo?id=" + id));
                    out.write(maskedText("cycle " + i));
                    assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
                    assertThat(readText(in)).isEqualTo("cycle " + i);
                }
                default -> { // another thread closes the server's connection blocked in a read
                    out.write(handshake(server.port(), "/close-while-reading?id=" + id + "&delay=1"));
                    assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
                    assertThat(in.read()).isEqualTo(-1);
                }
            }
        }
        if (i % 4 == 0 || i % 4 == 2) {
            assertThat(server.servlet.next(id)).as("how the server's read loop ended").isInstanceOf(IOException.class);
        }
    }

    /** Waits until Tomcat holds the expected counts and (when {@code fdsAtMost >= 0}) the fds are back. */
    private static void awaitQuiet(Server server, long connections, int waiting, long fds) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (server.protocol().getConnectionCount() == connections
                    && server.protocol().getWaitingProcessorCount() == waiting
                    && (fds < 0 || countFds(Path.of("/proc/self/fd")) <= fds)) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static long countFds(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }

    /** Reads until the end of the stream; true when it came (a reset also ends the connection). */
    private static boolean readToEnd(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (SocketException e) {
            return true;
        }
    }

    private static SSLContext trustingContext() throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    // ----------------------------------------------------------------------------------------------------------
    // Server side
    // ----------------------------------------------------------------------------------------------------------

    /** What a blocked server call threw, and how long after the close (or deadline) that ended it. */
    record Woken(Throwable thrown, Duration afterClose) {
    }

    /** An embedded Tomcat with one connector of the given protocol on a random loopback port. */
    record Server(Tomcat tomcat, Connector connector, ProbeServlet servlet) implements AutoCloseable {

        static Server start(Protocol protocol, boolean tls, Duration timeouts) throws Exception {
            Tomcat tomcat = new Tomcat();
            File base = Files.createTempDirectory("tomcat").toFile();
            tomcat.setBaseDir(base.getAbsolutePath());
            Connector connector = new Connector(protocol.className);
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            if (timeouts != null) {
                connector.setProperty("connectionTimeout", Long.toString(timeouts.toMillis()));
                connector.setProperty("keepAliveTimeout", Long.toString(timeouts.toMillis()));
            }
            if (tls) {
                connector.setSecure(true);
                connector.setScheme("https");
                connector.setProperty("SSLEnabled", "true");
                SSLHostConfig host = new SSLHostConfig();
                SSLHostConfigCertificate cert = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.EC);
                cert.setCertificateKeystoreFile(keyStore.toString());
                cert.setCertificateKeystorePassword("changeit");
                cert.setCertificateKeystoreType("PKCS12");
                host.addCertificate(cert);
                connector.addSslHostConfig(host);
            }
            tomcat.setConnector(connector);
            Context ctx = tomcat.addContext("", base.getAbsolutePath());
            ProbeServlet servlet = new ProbeServlet();
            Tomcat.addServlet(ctx, "ws", servlet);
            ctx.addServletMappingDecoded("/*", "ws");
            tomcat.start();
            return new Server(tomcat, connector, servlet);
        }

        int port() {
            return connector.getLocalPort();
        }

        AbstractProtocol<?> protocol() {
            return (AbstractProtocol<?>) connector.getProtocolHandler();
        }

        @Override
        public void close() throws Exception {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /**
     * Routes, each recording per {@code ?id=} what the server saw:
     * <ul>
     *   <li>{@code /echo}: echoes; records the exception that ended it</li>
     *   <li>{@code /close-now}: closes the connection at once</li>
     *   <li>{@code /close-while-reading?delay=ms}: reads while another thread closes after {@code delay}
     *       (default 300 ms); records a {@link Woken}</li>
     *   <li>{@code /write-to-silent-client}: writes 256 KiB messages with a 500 ms write deadline; records a
     *       {@link Woken} measured from the deadline</li>
     *   <li>{@code /read-deadline}: records whether the transport times reads out natively, then reads with
     *       a 300 ms deadline and records a {@link Woken} measured from the deadline</li>
     * </ul>
     * Each handler asserts that Tomcat handed over a {@code TomcatTransport}.
     */
    static final class ProbeServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        private final transient Upgrader upgrader = Upgrader.builder().build();
        private final transient ConcurrentHashMap<String, BlockingQueue<Object>> events = new ConcurrentHashMap<>();

        Object next(String id) throws InterruptedException {
            Object event = queue(id).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("server event for %s", id).isNotNull();
            return event;
        }

        private BlockingQueue<Object> queue(String id) {
            return events.computeIfAbsent(id == null ? "" : id, k -> new LinkedBlockingQueue<>());
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String id = req.getParameter("id");
            BlockingQueue<Object> events = queue(id);
            // Read everything from the request now: Tomcat recycles it once service() returns.
            long delay = req.getParameter("delay") == null ? 300 : Long.parseLong(req.getParameter("delay"));
            ConnHandler handler = switch (req.getPathInfo() == null ? req.getServletPath() : req.getPathInfo()) {
                case "/echo" -> conn -> {
                    try {
                        while (true) {
                            Message m = conn.readMessage();
                            conn.writeMessage(m.type(), m.data());
                        }
                    } catch (IOException e) {
                        events.add(e);
                    }
                };
                case "/close-now" -> Conn::close;
                case "/close-while-reading" -> conn -> {
                    long[] closedAt = new long[1];
                    Thread closer = new Thread(() -> {
                        sleep(delay);
                        closedAt[0] = System.nanoTime();
                        conn.close();
                    }, "closer");
                    closer.setDaemon(true);
                    closer.start();
                    Throwable thrown = null;
                    try {
                        conn.readMessage();
                    } catch (IOException e) {
                        thrown = e;
                    }
                    long wokeAt = System.nanoTime();
                    join(closer);
                    events.add(new Woken(thrown, Duration.ofNanos(Math.max(0, wokeAt - closedAt[0]))));
                };
                case "/write-to-silent-client" -> conn -> {
                    byte[] chunk = new byte[256 * 1024];
                    Instant deadline = Instant.now().plusMillis(500);
                    conn.setWriteDeadline(deadline);
                    Throwable thrown = null;
                    try {
                        for (int i = 0; i < 4096; i++) {
                            conn.writeMessage(MessageType.BINARY, chunk);
                        }
                    } catch (IOException e) {
                        thrown = e;
                    }
                    events.add(new Woken(thrown, Duration.between(deadline, Instant.now())));
                };
                case "/read-deadline" -> conn -> {
                    events.add(((DeferredTransport) conn.netConn()).delegate().setReadTimeout(0));
                    Instant deadline = Instant.now().plusMillis(300);
                    conn.setReadDeadline(deadline);
                    Throwable thrown = null;
                    try {
                        conn.readMessage();
                    } catch (IOException e) {
                        thrown = e;
                    }
                    events.add(new Woken(thrown, Duration.between(deadline, Instant.now())));
                };
                default -> null;
            };
            if (handler == null) {
                resp.sendError(404);
                return;
            }
            upgrader.upgrade(req, resp, null, conn -> {
                String transport = ((DeferredTransport) conn.netConn()).delegate().getClass().getSimpleName();
                if (!transport.equals("TomcatTransport")) {
                    events.add(new AssertionError("handed over as " + transport));
                    return;
                }
                handler.serve(conn);
            });
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void join(Thread t) {
            try {
                t.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
