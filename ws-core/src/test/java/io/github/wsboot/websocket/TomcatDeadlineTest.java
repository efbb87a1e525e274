package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.wsboot.websocket.testing.RawFrames;
import io.github.wsboot.websocket.testing.TomcatServer;

/**
 * Deadlines, keepalive and close() on a server connection upgraded by embedded Tomcat, against a client that
 * completes the handshake and then never reads nor writes: whatever transport the Upgrader uses on Tomcat, a
 * stuck write must be released, and closing must drop the TCP connection. Each test runs on both engines.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TomcatDeadlineTest {

    /** Hands each upgraded connection to the test through a future. */
    static final class HandOverServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        final transient CompletableFuture<Conn> conn = new CompletableFuture<>();
        private final transient Upgrader upgrader;

        HandOverServlet(EngineMode engine) {
            this.upgrader = Upgrader.builder().engine(engine).build();
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                upgrader.upgrade(req, resp, null, c -> {
                    conn.complete(c);
                    Thread.sleep(Long.MAX_VALUE); // the test drives the connection
                });
            } catch (HandshakeException e) {
                conn.completeExceptionally(e);
            }
        }
    }

    /** Connects, reads the 101 response head, and then does nothing. */
    private static Socket frozenClient(TomcatServer server) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setReceiveBufferSize(64 * 1024);
        s.getOutputStream().write(RawFrames.handshake(server.port(), "/"));
        RawFrames.readResponseHead(s.getInputStream());
        return s;
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aReadDeadlineFailsTheReadAndCloseDropsTheConnection(EngineMode engine) throws Exception {
        HandOverServlet servlet = new HandOverServlet(engine);
        try (TomcatServer server = TomcatServer.start(servlet);
                Socket client = frozenClient(server)) {
            Conn conn = servlet.conn.get(10, TimeUnit.SECONDS);
            conn.setReadDeadline(Instant.now().plusMillis(300));
            long start = System.nanoTime();
            Throwable e = catchThrowable(conn::readMessage);
            assertThat(e).isInstanceOf(SocketTimeoutException.class);
            assertThat(millisSince(start)).isBetween(250L, 1300L);
            assertThat(catchThrowable(conn::readMessage)).isSameAs(e);
            // The application gives up on the connection: the TCP connection really goes away.
            conn.close();
            assertEndsPromptly(client);
        }
    }

    /** The client sees end of stream (or a reset) within two seconds, not a read timeout. */
    private static void assertEndsPromptly(Socket client) throws IOException {
        client.setSoTimeout(2000);
        try {
            InputStream in = client.getInputStream();
            byte[] buf = new byte[8192];
            while (in.read(buf) >= 0) {
                // a close frame or data written before the close may still arrive
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the TCP connection is still open after close()", e);
        } catch (IOException e) {
            // reset: gone too
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void aWriteDeadlineFailsAWriteToAClientThatNeverReads(EngineMode engine) throws Exception {
        HandOverServlet servlet = new HandOverServlet(engine);
        try (TomcatServer server = TomcatServer.start(servlet);
                Socket client = frozenClient(server)) {
            Conn conn = servlet.conn.get(10, TimeUnit.SECONDS);
            byte[] big = new byte[64 << 20];
            conn.setWriteDeadline(Instant.now().plusMillis(500));
            long start = System.nanoTime();
            CompletableFuture<Throwable> writer =
                    TestData.async("writer", () -> catchThrowable(() -> conn.writeMessage(MessageType.BINARY, big)));
            Throwable e = writer.get(10, TimeUnit.SECONDS);
            assertThat(e).isInstanceOf(SocketTimeoutException.class);
            assertThat(millisSince(start)).isLessThan(1500);
            assertEndsPromptly(client); // a timed-out write closes the connection
        }
    }

    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void closeReleasesAWriteStuckOnAClientThatNeverReads(EngineMode engine) throws Exception {
        HandOverServlet servlet = new HandOverServlet(engine);
        try (TomcatServer server = TomcatServer.start(servlet);
                Socket client = frozenClient(server)) {
            Conn conn = servlet.conn.get(10, TimeUnit.SECONDS);
            byte[] big = new byte[64 << 20];
            CompletableFuture<Throwable> writer =
                    TestData.async("writer", () -> catchThrowable(() -> conn.writeMessage(MessageType.BINARY, big)));
            Thread.sleep(700);
            assertThat(writer).isNotDone();
            long start = System.nanoTime();
            CompletableFuture<Void> closer = TestData.async("closer", () -> {
                conn.close();
                return null;
            });
            closer.get(5, TimeUnit.SECONDS);
            assertThat(writer.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(millisSince(start)).isLessThan(1500);
            assertEndsPromptly(client);
        }
    }

    @SuppressWarnings("try") // the client only has to stay connected
    @ParameterizedTest
    @EnumSource(EngineMode.class)
    void keepaliveClosesAServerConnectionWhoseClientIsFrozen(EngineMode engine) throws Exception {
        HandOverServlet servlet = new HandOverServlet(engine);
        try (TomcatServer server = TomcatServer.start(servlet);
                Socket client = frozenClient(server)) {
            Conn conn = servlet.conn.get(10, TimeUnit.SECONDS);
            conn.setKeepalive(Duration.ofMillis(100), Duration.ofMillis(300));
            long start = System.nanoTime();
            Throwable e = catchThrowable(conn::readMessage);
            assertThat(e).isInstanceOf(SocketTimeoutException.class);
            assertThat(millisSince(start)).isLessThan(3000);
        }
    }
}
