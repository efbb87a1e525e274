package io.github.wsboot.websocket.interop;

import static io.github.wsboot.websocket.testing.RawFrames.handshake;
import static io.github.wsboot.websocket.testing.RawFrames.maskedText;
import static io.github.wsboot.websocket.testing.RawFrames.readResponseHead;
import static io.github.wsboot.websocket.testing.RawFrames.readText;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.wsboot.websocket.CloseCodes;
import io.github.wsboot.websocket.testing.ServletContainer;

/**
 * How each container hands the upgraded connection over: which transport carries it, that bytes sent in the
 * same packet as the handshake survive the hand-over, that reading and writing run at once, and that a
 * vanished client ends the server's read loop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContainerHandOverTest {

    private static final int WAIT = 10;
    private static InteropServers servers;

    @BeforeAll
    static void startServers() throws Exception {
        servers = InteropServers.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void usesTheContainersNativeHandOver(ServletContainer c) throws Exception {
        JdkListener.session(servers.get(c).uri("/transport"), WAIT, (ws, l) -> {
            assertThat(l.next(WAIT)).isEqualTo(InteropServers.nativeTransport(c));
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void blockingReadLoopRunsOnAVirtualThreadFromJava21(ServletContainer c) throws Exception {
        JdkListener.session(servers.get(c).uri("/thread"), WAIT, (ws, l) -> {
            String thread = (String) l.next(WAIT);
            if (Runtime.version().feature() >= 21) {
                assertThat(thread).startsWith("VirtualThread");
            } else {
                assertThat(thread).doesNotStartWith("VirtualThread");
            }
            ws.sendText("from a parked reader", true).get(WAIT, TimeUnit.SECONDS);
            assertThat(l.next(WAIT)).isEqualTo("from a parked reader");
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void findsTheContainerUnderServletWrappers(ServletContainer c) throws Exception {
        JdkListener.session(servers.get(c).uri("/transport?wrap=1"), WAIT, (ws, l) -> {
            assertThat(l.next(WAIT)).isEqualTo(InteropServers.nativeTransport(c));
            ws.sendText("through wrappers", true).get(WAIT, TimeUnit.SECONDS);
            assertThat(l.next(WAIT)).isEqualTo("through wrappers");
        });
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void readDeadlineEndsAReadOnAQuietConnection(ServletContainer c) throws Exception {
        InteropServlet.Outcome outcome = outcomeWithSilentClient(c, "/read-deadline");
        assertThat(outcome.thrown()).isInstanceOf(SocketTimeoutException.class);
        assertThat(outcome.took()).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void closeFromAnotherThreadWakesABlockedRead(ServletContainer c) throws Exception {
        String id = UUID.randomUUID().toString();
        try (Socket s = new Socket("127.0.0.1", servers.get(c).port())) {
            s.setSoTimeout(WAIT * 1000);
            s.getOutputStream().write(handshake(servers.get(c).port(), "/close-while-reading?id=" + id));
            InputStream in = s.getInputStream();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");

            Object event = servers.servlet(c).nextEvent(id, Duration.ofSeconds(WAIT));
            assertThat(event).as("server outcome").isInstanceOf(InteropServlet.Outcome.class);
            InteropServlet.Outcome outcome = (InteropServlet.Outcome) event;
            assertThat(outcome.thrown()).isInstanceOf(IOException.class);
            assertThat(outcome.took()).isBetween(Duration.ofMillis(150), Duration.ofSeconds(5));
            assertThat(in.read()).as("the server closed the TCP connection").isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void writeDeadlineEndsAWriteToAClientThatDoesNotRead(ServletContainer c) throws Exception {
        InteropServlet.Outcome outcome = outcomeWithSilentClient(c, "/write-deadline");
        assertThat(outcome.thrown()).isInstanceOf(SocketTimeoutException.class);
        assertThat(outcome.took()).isLessThan(Duration.ofSeconds(5));
    }

    /** Upgrades {@code path} from a raw socket that then neither sends nor reads; returns the server's outcome. */
    private static InteropServlet.Outcome outcomeWithSilentClient(ServletContainer c, String path) throws Exception {
        String id = UUID.randomUUID().toString();
        try (Socket s = new Socket("127.0.0.1", servers.get(c).port())) {
            s.setSoTimeout(WAIT * 1000);
            s.setReceiveBufferSize(64 * 1024);
            OutputStream out = s.getOutputStream();
            out.write(handshake(servers.get(c).port(), path + "?id=" + id));
            out.flush();
            assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 101");
            Object event = servers.servlet(c).nextEvent(id, Duration.ofSeconds(WAIT));
            assertThat(event).as("server outcome").isInstanceOf(InteropServlet.Outcome.class);
            return (InteropServlet.Outcome) event;
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void framesSentWithTheHandshakeAreNotLost(ServletContainer c) throws Exception {
        try (Socket s = new Socket("127.0.0.1", servers.get(c).port())) {
            s.setSoTimeout(WAIT * 1000);
            s.setTcpNoDelay(true);
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.writeBytes(handshake(servers.get(c).port(), "/echo"));
            packet.writeBytes(maskedText("first"));
            packet.writeBytes(maskedText("second, same packet"));
            OutputStream out = s.getOutputStream();
            out.write(packet.toByteArray()); // one write: the frames ride with the request
            out.flush();

            InputStream in = s.getInputStream();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
            assertThat(readText(in)).isEqualTo("first");
            assertThat(readText(in)).isEqualTo("second, same packet");

            out.write(maskedText("third, later"));
            out.flush();
            assertThat(readText(in)).isEqualTo("third, later");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void vanishedClientEndsTheServerReadLoop(ServletContainer c) throws Exception {
        String id = UUID.randomUUID().toString();
        try (Socket s = new Socket("127.0.0.1", servers.get(c).port())) {
            s.setSoTimeout(WAIT * 1000);
            OutputStream out = s.getOutputStream();
            out.write(handshake(servers.get(c).port(), "/echo?id=" + id));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
            out.write(maskedText("ping-pong"));
            assertThat(readText(in)).isEqualTo("ping-pong");
        } // TCP close without a close frame
        Object ended = servers.servlet(c).nextEvent(id, Duration.ofSeconds(WAIT));
        assertThat(InteropServlet.closeCode(ended))
                .as("how the server's read loop ended: %s", ended)
                .isEqualTo(CloseCodes.ABNORMAL_CLOSURE);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void readsAndWritesAtTheSameTime(ServletContainer c) throws Exception {
        int count = 300;
        JdkListener.session(servers.get(c).uri("/duplex?n=" + count), WAIT, (ws, l) -> {
            for (int i = 0; i < count; i++) {
                ws.sendText("echo-" + i, true).get(WAIT, TimeUnit.SECONDS);
            }
            Set<Object> received = new HashSet<>();
            for (int i = 0; i < 2 * count; i++) {
                received.add(l.next(WAIT));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add("echo-" + i);
                expected.add("tick-" + i);
            }
            assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
        });
    }
}
