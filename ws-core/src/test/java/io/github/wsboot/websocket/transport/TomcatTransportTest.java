package io.github.wsboot.websocket.transport;

import static io.github.wsboot.websocket.testing.RawFrames.handshake;
import static io.github.wsboot.websocket.testing.RawFrames.maskedText;
import static io.github.wsboot.websocket.testing.RawFrames.readResponseHead;
import static io.github.wsboot.websocket.testing.RawFrames.readText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
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
import io.github.wsboot.websocket.EngineMode;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.OwnSockets;
import io.github.wsboot.websocket.testing.SelfSignedCertificate;

/**
 * Tomcat's native hand-over, over real loopback sockets: blocked calls are woken by close and by deadlines
 * within a second, the server really closes the TCP connection, Tomcat's own timeouts leave an idle upgraded
 * connection alone, the client's first frames and large messages survive, stopping Tomcat releases blocked
 * readers, and hundreds of connections leave no socket, processor or connection count behind.
 *
 * <p>Each test runs on the three ways a connection is handed over: a plain connection of Tomcat's NIO
 * connector (the default, and Spring Boot's) leaves Tomcat's poller ({@code TomcatChannelTransport}); TLS on
 * NIO and anything on NIO2 stay with Tomcat's socket wrapper ({@code TomcatSocketWrapperTransport}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TomcatTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String NIO = "org.apache.coyote.http11.Http11NioProtocol";
    private static final String NIO2 = "org.apache.coyote.http11.Http11Nio2Protocol";

    /** A Tomcat connector and the transport its upgraded connections get. */
    enum Setup {
        PLAIN_NIO(NIO, false, "TomcatChannelTransport", EngineMode.BLOCKING),
        TLS_NIO(NIO, true, "TomcatSocketWrapperTransport", EngineMode.BLOCKING),
        PLAIN_NIO2(NIO2, false, "TomcatSocketWrapperTransport", EngineMode.BLOCKING),
        /** The event engine: the plain NIO channel leaves Tomcat in non-blocking mode for the engine's loops. */
        PLAIN_NIO_EVENT(NIO, false, "EventTransport", EngineMode.EVENT);

        final String protocol;
        final boolean tls;
        final String transport;
        final EngineMode engine;

        Setup(String protocol, boolean tls, String transport, EngineMode engine) {
            this.protocol = protocol;
            this.tls = tls;
            this.transport = transport;
            this.engine = engine;
        }

        /** Whether the connection leaves Tomcat's bookkeeping after its first I/O. */
        boolean detached() {
            return !tls && protocol.equals(NIO);
        }
    }

    private static Path keyStore;
    private static SSLContext clientTls;

    @BeforeAll
    static void makeKeyStore(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir, "ip:127.0.0.1");
        keyStore = certificate.keyStoreFile();
        clientTls = certificate.trustingContext();
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void closeWakesABlockedReadWithinASecondAndClosesTheTcpConnection(Setup setup) throws Exception {
        try (Server server = Server.start(setup, null);
                Socket s = server.connect()) {
            String id = UUID.randomUUID().toString();
            s.getOutputStream().write(handshake(server.port(), "/close-while-reading?id=" + id));
            InputStream in = s.getInputStream();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");

            Woken woken = (Woken) server.servlet.next(id);
            assertThat(woken.thrown()).as("what the blocked read threw").isInstanceOf(IOException.class);
            assertThat(woken.after()).as("from close() to the read failing").isLessThan(Duration.ofSeconds(1));

            long start = System.nanoTime();
            assertThat(readToEnd(in)).as("the server closed the TCP connection").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void writeDeadlineFailsAWriteBlockedOnAClientThatNeverReads(Setup setup) throws Exception {
        try (Server server = Server.start(setup, null);
                Socket s = server.connect()) {
            String id = UUID.randomUUID().toString();
            s.getOutputStream().write(handshake(server.port(), "/write-to-silent-client?id=" + id));
            assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 101");

            Woken woken = (Woken) server.servlet.next(id);
            assertThat(woken.thrown()).isInstanceOf(SocketTimeoutException.class);
            assertThat(woken.after())
                    .as("from the deadline to the write failing")
                    .isLessThan(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void readDeadlineEndsAReadWithTheTransportsOwnTimeout(Setup setup) throws Exception {
        try (Server server = Server.start(setup, null);
                Socket s = server.connect()) {
            String id = UUID.randomUUID().toString();
            s.getOutputStream().write(handshake(server.port(), "/read-deadline?id=" + id));
            assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 101");

            assertThat(server.servlet.next(id))
                    .as("the transport times reads out itself")
                    .isEqualTo(Boolean.TRUE);
            Woken woken = (Woken) server.servlet.next(id);
            assertThat(woken.thrown()).isInstanceOf(SocketTimeoutException.class);
            assertThat(woken.after())
                    .as("from the deadline to the read failing")
                    .isLessThan(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void tomcatTimeoutsLeaveAnIdleUpgradedConnectionAlone(Setup setup) throws Exception {
        try (Server server = Server.start(setup, Duration.ofMillis(200));
                Socket s = server.connect()) {
            OutputStream out = s.getOutputStream();
            out.write(handshake(server.port(), "/echo"));
            InputStream in = s.getInputStream();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
            // Tomcat checks its timeouts about once a second; 200 ms connection and keep-alive timeouts would
            // have closed an HTTP connection several times over.
            Thread.sleep(2500);
            out.write(maskedText("still here"));
            assertThat(readText(in)).isEqualTo("still here");
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void framesSentWithTheHandshakeAndLargeMessagesArriveIntact(Setup setup) throws Exception {
        try (Server server = Server.start(setup, null);
                Socket s = server.connect()) {
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.writeBytes(handshake(server.port(), "/echo"));
            first.writeBytes(maskedText("with the handshake"));
            out.write(first.toByteArray()); // one write: the frame rides with the request
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
            assertThat(readText(in)).isEqualTo("with the handshake");

            byte[] big = new byte[3 * 1024 * 1024 + 17]; // many write slices, and more than the socket buffers
            new Random(42).nextBytes(big);
            Thread sender = new Thread(
                    () -> {
                        try {
                            out.write(maskedFrame(0x2, big));
                            out.flush();
                        } catch (IOException e) {
                            // the assertion below fails
                        }
                    },
                    "big-sender");
            sender.start();
            assertThat(readBinary(in)).isEqualTo(big);
            sender.join(WAIT.toMillis());
        }
    }

    /**
     * A plain NIO connection leaves Tomcat after its first I/O: Tomcat no longer counts it nor keeps a processor
     * (or buffers) for it, while it keeps working; a connection Tomcat still serves (TLS, NIO2) stays counted.
     */
    @ParameterizedTest
    @EnumSource(Setup.class)
    void aPlainConnectionIsDetachedFromTomcatAfterItsFirstIo(Setup setup) throws Exception {
        try (Server server = Server.start(setup, null)) {
            long idle = server.idleConnectionCount();
            String id = UUID.randomUUID().toString();
            try (Socket s = server.connect()) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(handshake(server.port(), "/echo?id=" + id));
                out.write(maskedText("first"));
                assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
                assertThat(readText(in)).isEqualTo("first");

                boolean detached = setup.detached();
                long deadline = System.nanoTime() + WAIT.toNanos();
                long expected = detached ? idle : idle + 1;
                while (server.protocol().getConnectionCount() != expected && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(server.protocol().getConnectionCount())
                        .as("Tomcat's connection count")
                        .isEqualTo(expected);
                if (detached) {
                    assertThat(server.protocol().getWaitingProcessorCount())
                            .as("Tomcat's waiting processors")
                            .isZero();
                }

                out.write(maskedText("still served"));
                assertThat(readText(in)).isEqualTo("still served");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void stoppingTomcatReleasesABlockedRead(Setup setup) throws Exception {
        Server server = Server.start(setup, null);
        boolean stopped = false;
        String id = UUID.randomUUID().toString();
        try (Socket s = server.connect()) {
            OutputStream out = s.getOutputStream();
            out.write(handshake(server.port(), "/echo?id=" + id));
            out.write(maskedText("before the stop"));
            InputStream in = s.getInputStream();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
            assertThat(readText(in)).isEqualTo("before the stop");

            long start = System.nanoTime();
            server.close(); // the server's read loop is parked waiting for the next message
            stopped = true;
            assertThat(server.servlet.next(id)).as("how the read loop ended").isInstanceOf(IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(readToEnd(in)).isTrue();
        } finally {
            if (!stopped) {
                server.close();
            }
        }
    }

    /**
     * 500 connections (100 with TLS), ended every way there is: the client vanishes while the server reads, the server
     * closes while the client waits, the client closes after an echo, and another thread closes a server
     * connection blocked in a read. Afterwards Tomcat's connection count is back to idle, no processor
     * waits, and the process has the file descriptors it had before.
     */
    @ParameterizedTest
    @EnumSource(Setup.class)
    void connectionsLeaveNothingBehind(Setup setup) throws Exception {
        assumeTrue(OwnSockets.available(), "needs /proc/self/fd and /proc/net (Linux)");
        try (Server server = Server.start(setup, null)) {
            for (int i = 0; i < 20; i++) {
                cycle(server, i); // warm up: worker threads, class loading, caches
            }
            // Tomcat's count includes the acceptor's reservation for the next connection, so idle is 1, not 0.
            long idleConnections = server.idleConnectionCount();
            System.gc(); // earlier tests' garbage (stopped servers, clients) closes descriptors when collected
            Thread.sleep(200);
            int baselineSockets = OwnSockets.connectedOn(server.port());

            int cycles = setup.tls ? 100 : 500; // a TLS handshake costs tens of milliseconds on a busy machine
            for (int i = 0; i < cycles; i++) {
                cycle(server, i);
            }

            awaitQuiet(server, idleConnections, baselineSockets);
            assertThat(server.protocol().getConnectionCount())
                    .as("Tomcat's connection count")
                    .isEqualTo(idleConnections);
            assertThat(server.protocol().getWaitingProcessorCount())
                    .as("Tomcat's waiting processors")
                    .isZero();
            // The connections' own sockets, not all descriptors (unrelated ones open and close meanwhile).
            assertThat(OwnSockets.connectedOn(server.port()))
                    .as("sockets open on the server's port")
                    .isLessThanOrEqualTo(baselineSockets);
        }
    }

    private static void cycle(Server server, int i) throws Exception {
        String id = UUID.randomUUID().toString();
        try (Socket s = server.connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            switch (i % 4) {
                case 0 -> { // the client vanishes while the server is blocked in a read
                    out.write(handshake(server.port(), "/echo?id=" + id));
                    assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
                }
                case 1 -> { // the server closes at once
                    out.write(handshake(server.port(), "/close-now"));
                    assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
                    assertThat(readToEnd(in)).isTrue();
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
                    assertThat(readToEnd(in)).isTrue();
                }
            }
        }
        if (i % 4 != 1) {
            assertThat(server.servlet.next(id))
                    .as("how the server's read loop ended")
                    .isNotNull();
        }
    }

    /**
     * Waits until Tomcat is back to {@code connections} with no waiting processor and at most {@code sockets} are
     * open on its port.
     */
    private static void awaitQuiet(Server server, long connections, int sockets) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (server.protocol().getConnectionCount() == connections
                    && server.protocol().getWaitingProcessorCount() == 0
                    && OwnSockets.connectedOn(server.port()) <= sockets) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Reads until the end of the stream; true when it came (a reset also ends the connection), false on timeout. */
    private static boolean readToEnd(InputStream in) throws IOException {
        try {
            byte[] buf = new byte[8192];
            while (in.read(buf) >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset, or TLS ended without close_notify
        }
    }

    /** A final, masked frame as a client sends it, with any payload length. */
    private static byte[] maskedFrame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xffff) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Reads one unmasked, final binary frame from the server, with any payload length. */
    private static byte[] readBinary(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        assertThat(data.readUnsignedByte()).as("FIN + binary opcode").isEqualTo(0x82);
        int b1 = data.readUnsignedByte();
        assertThat(b1 & 0x80).as("server frames are not masked").isZero();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = data.readUnsignedShort();
        } else if (length == 127) {
            length = data.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        data.readFully(payload);
        return payload;
    }

    // ----------------------------------------------------------------------------------------------------------
    // Server side
    // ----------------------------------------------------------------------------------------------------------

    /** What a blocked server call threw, and how long after the close (or deadline) that ended it. */
    record Woken(Throwable thrown, Duration after) {}

    /** An embedded Tomcat with one connector on a random loopback port. */
    record Server(Tomcat tomcat, Connector connector, Setup setup, ProbeServlet servlet) implements AutoCloseable {

        /** @param timeouts Tomcat's connection and keep-alive timeouts; null keeps the defaults */
        static Server start(Setup setup, Duration timeouts) throws Exception {
            Tomcat tomcat = new Tomcat();
            File base = Files.createTempDirectory("tomcat").toFile();
            tomcat.setBaseDir(base.getAbsolutePath());
            Connector connector = new Connector(setup.protocol);
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            if (timeouts != null) {
                connector.setProperty("connectionTimeout", Long.toString(timeouts.toMillis()));
                connector.setProperty("keepAliveTimeout", Long.toString(timeouts.toMillis()));
            }
            if (setup.tls) {
                connector.setSecure(true);
                connector.setScheme("https");
                connector.setProperty("SSLEnabled", "true");
                SSLHostConfig host = new SSLHostConfig();
                SSLHostConfigCertificate cert = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.EC);
                cert.setCertificateKeystoreFile(keyStore.toString());
                cert.setCertificateKeystorePassword(SelfSignedCertificate.password());
                cert.setCertificateKeystoreType("PKCS12");
                host.addCertificate(cert);
                connector.addSslHostConfig(host);
            }
            tomcat.setConnector(connector);
            Context ctx = tomcat.addContext("", base.getAbsolutePath());
            ProbeServlet servlet = new ProbeServlet(setup.transport, setup.engine);
            Tomcat.addServlet(ctx, "ws", servlet);
            ctx.addServletMappingDecoded("/*", "ws");
            tomcat.start();
            return new Server(tomcat, connector, setup, servlet);
        }

        int port() {
            return connector.getLocalPort();
        }

        /** A client socket, TLS when the connector is, with a read timeout. */
        Socket connect() throws IOException {
            Socket s = setup.tls
                    ? clientTls.getSocketFactory().createSocket("127.0.0.1", port())
                    : new Socket("127.0.0.1", port());
            s.setSoTimeout((int) WAIT.toMillis());
            return s;
        }

        AbstractProtocol<?> protocol() {
            return (AbstractProtocol<?>) connector.getProtocolHandler();
        }

        /** Tomcat's connection count once no connection is open or closing (stable for 200 ms). */
        long idleConnectionCount() throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            long last = -1;
            int stableFor = 0;
            while (System.nanoTime() < deadline && stableFor < 10) {
                long now = protocol().getConnectionCount();
                boolean quiet = protocol().getWaitingProcessorCount() == 0;
                stableFor = quiet && now == last ? stableFor + 1 : 0;
                last = now;
                Thread.sleep(20);
            }
            return last;
        }

        @Override
        public void close() throws LifecycleException {
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
     * Every route first checks that Tomcat handed the connection over as the expected transport.
     */
    static final class ProbeServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        private final String expectedTransport;
        private final transient Upgrader upgrader;
        private final transient ConcurrentHashMap<String, BlockingQueue<Object>> events = new ConcurrentHashMap<>();

        ProbeServlet(String expectedTransport, EngineMode engine) {
            this.expectedTransport = expectedTransport;
            this.upgrader = Upgrader.builder().engine(engine).build();
        }

        Object next(String id) throws InterruptedException {
            Object event = queue(id).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("server event for %s", id).isNotNull();
            if (event instanceof AssertionError e) {
                throw e;
            }
            return event;
        }

        private BlockingQueue<Object> queue(String id) {
            return events.computeIfAbsent(id == null ? "" : id, k -> new LinkedBlockingQueue<>());
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            BlockingQueue<Object> events = queue(req.getParameter("id"));
            // Read everything from the request now: Tomcat recycles it once service() returns.
            long delay = req.getParameter("delay") == null ? 300 : Long.parseLong(req.getParameter("delay"));
            Upgrader.Handler handler =
                    switch (req.getPathInfo() == null ? req.getServletPath() : req.getPathInfo()) {
                        case "/echo" ->
                            conn -> {
                                try {
                                    while (true) {
                                        Message m = conn.readMessage();
                                        conn.writeMessage(m.type(), m.data());
                                    }
                                } catch (IOException e) {
                                    events.add(e);
                                }
                            };
                        case "/close-now" -> Conn::closeNow;
                        case "/close-while-reading" -> conn -> closeWhileReading(conn, delay, events);
                        case "/write-to-silent-client" ->
                            conn -> {
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
                        case "/read-deadline" ->
                            conn -> {
                                events.add(((DeferredTransport) conn.netConn())
                                        .delegate()
                                        .setReadTimeout(0));
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
                String transport = ((DeferredTransport) conn.netConn())
                        .delegate()
                        .getClass()
                        .getSimpleName();
                if (!transport.equals(expectedTransport)) {
                    events.add(new AssertionError("handed over as " + transport + ", not " + expectedTransport));
                    return;
                }
                handler.serve(conn);
            });
        }

        private static void closeWhileReading(Conn conn, long delay, BlockingQueue<Object> events) {
            long[] closedAt = new long[1];
            Thread closer = new Thread(
                    () -> {
                        try {
                            Thread.sleep(delay);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        closedAt[0] = System.nanoTime();
                        conn.closeNow();
                    },
                    "closer");
            closer.setDaemon(true);
            closer.start();
            Throwable thrown = null;
            try {
                conn.readMessage();
            } catch (IOException e) {
                thrown = e;
            }
            long wokeAt = System.nanoTime();
            try {
                closer.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            events.add(new Woken(thrown, Duration.ofNanos(Math.max(0, wokeAt - closedAt[0]))));
        }
    }
}
