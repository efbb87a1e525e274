package io.github.wsboot.websocket.interop;

import static io.github.wsboot.websocket.testing.RawFrames.handshake;
import static io.github.wsboot.websocket.testing.RawFrames.maskedText;
import static io.github.wsboot.websocket.testing.RawFrames.readResponseHead;
import static io.github.wsboot.websocket.testing.RawFrames.readText;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.TransportMode;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.ServletContainer;
import io.github.wsboot.websocket.testing.UpgradeServlet;
import io.github.wsboot.websocket.transport.DeferredTransport;
import io.github.wsboot.websocket.transport.HandOverFaults;
import io.github.wsboot.websocket.transport.HandOverFaults.Step;

/**
 * Degrade, never break: a native hand-over that fails its probe (a simulated incompatible container) or fails
 * at any step of the take-over leaves the connection to a portable path, over real sockets, and the connection
 * still carries messages both ways and ends cleanly when the client goes; the observer counts the fallback.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandOverFallbackTest {

    private static final int WAIT_SECONDS = 10;

    @AfterEach
    void clearFaults() {
        HandOverFaults.clear();
    }

    static List<Arguments> failures() {
        return List.of(
                Arguments.of(ServletContainer.TOMCAT, Step.PROBE, "ServletTransport"),
                Arguments.of(ServletContainer.TOMCAT, Step.UPGRADE_REQUEST, "ServletTransport"),
                // After the 101 the servlet upgrade is no option: Tomcat's socket wrapper carries the connection.
                Arguments.of(ServletContainer.TOMCAT, Step.CHANNEL_TAKE_OVER, "TomcatSocketWrapperTransport"),
                Arguments.of(ServletContainer.TOMCAT, Step.POLLER_RELEASE, "TomcatChannelTransport"));
    }

    @ParameterizedTest(name = "{0} failing at {1}")
    @MethodSource("failures")
    void aFailedStepFallsBackAndTheConnectionWorks(ServletContainer container, Step step, String transport)
            throws Exception {
        HandOverFaults.failAt(step);
        List<String> fallbacks = new CopyOnWriteArrayList<>();
        Upgrader upgrader = recordingFallbacks(Upgrader.builder(), fallbacks);
        BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        try (ServletContainer.Running server =
                container.start(new UpgradeServlet(upgrader, conn -> echo(conn, ended)))) {
            assertThat(exchange(server)).isEqualTo(transport);
            assertThat(ended.poll(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("the server's read loop ended")
                    .isNotNull();
        }
        String name = container == ServletContainer.TOMCAT ? "tomcat" : "jetty";
        assertThat(fallbacks).containsExactly(name + " " + step.reason());
        String expected = step == Step.CHANNEL_TAKE_OVER || step == Step.POLLER_RELEASE ? name : "servlet";
        assertThat(upgrader.transportsUsed()).containsExactly(expected);
    }

    /**
     * Jetty 12.1's own servlet upgrade drops the first bytes of the upgraded stream, so it is no fallback: a
     * failed Jetty hand-over refuses the handshake with 503 before anything is committed, counted and logged,
     * and the next connection (the fault gone) is served natively as usual.
     */
    @ParameterizedTest
    @EnumSource(
            value = Step.class,
            names = {"PROBE", "CORE_REQUEST"})
    void aFailedJettyHandOverRefusesCleanly(Step step) throws Exception {
        HandOverFaults.failAt(step);
        List<String> fallbacks = new CopyOnWriteArrayList<>();
        Upgrader upgrader = recordingFallbacks(Upgrader.builder(), fallbacks);
        BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        try (ServletContainer.Running server =
                ServletContainer.JETTY.start(new UpgradeServlet(upgrader, conn -> echo(conn, ended)))) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(WAIT_SECONDS * 1000);
                s.getOutputStream().write(handshake(server.port(), "/refused"));
                assertThat(readResponseHead(s.getInputStream()))
                        .startsWith("HTTP/1.1 503")
                        .doesNotContainIgnoringCase("Sec-WebSocket-Accept");
            }
            HandOverFaults.clear();
            assertThat(exchange(server)).isEqualTo("JettyTransport");
        }
        assertThat(fallbacks).containsExactly("jetty " + step.reason());
        assertThat(upgrader.transportsUsed()).containsExactly("jetty");
    }

    @Test
    void servletModeOnJettyIsRefusedAsAConfigurationError() throws Exception {
        assertRefusedWith500(ServletContainer.JETTY, TransportMode.SERVLET, "/servlet-mode");
    }

    @Test
    void servletModeTakesThePortablePathWithoutAFallback() throws Exception {
        ServletContainer container = ServletContainer.TOMCAT;
        List<String> fallbacks = new CopyOnWriteArrayList<>();
        Upgrader upgrader = recordingFallbacks(Upgrader.builder().transportMode(TransportMode.SERVLET), fallbacks);
        BlockingQueue<String> ended = new LinkedBlockingQueue<>();
        try (ServletContainer.Running server =
                container.start(new UpgradeServlet(upgrader, conn -> echo(conn, ended)))) {
            assertThat(exchange(server)).isEqualTo("ServletTransport");
            assertThat(ended.poll(WAIT_SECONDS, TimeUnit.SECONDS))
                    .as("the server's read loop ended")
                    .isNotNull();
        }
        assertThat(fallbacks).isEmpty();
        assertThat(upgrader.transportsUsed()).containsExactly("servlet");
    }

    @Test
    void nativeModeRefusesInsteadOfFallingBack() throws Exception {
        HandOverFaults.failAt(Step.PROBE);
        assertRefusedWith500(ServletContainer.TOMCAT, TransportMode.NATIVE, "/native");
    }

    /** Builds {@code builder}'s upgrader, recording each fallback as "container reason" in {@code fallbacks}. */
    private static Upgrader recordingFallbacks(Upgrader.Builder builder, List<String> fallbacks) {
        return builder.handOverObserver((name, reason) -> fallbacks.add(name + " " + reason))
                .build();
    }

    /** A handshake for {@code path} to an upgrader in {@code mode} on {@code container} is answered with 500. */
    private static void assertRefusedWith500(ServletContainer container, TransportMode mode, String path)
            throws Exception {
        Upgrader upgrader = Upgrader.builder().transportMode(mode).build();
        try (ServletContainer.Running server = container.start(new UpgradeServlet(upgrader, conn -> {}));
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(WAIT_SECONDS * 1000);
            s.getOutputStream().write(handshake(server.port(), path));
            assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 500");
        }
    }

    @Test
    void withoutFaultsTheNativeHandOversAreUsed() throws Exception {
        for (ServletContainer container : ServletContainer.values()) {
            List<String> fallbacks = new CopyOnWriteArrayList<>();
            Upgrader upgrader = recordingFallbacks(Upgrader.builder(), fallbacks);
            BlockingQueue<String> ended = new LinkedBlockingQueue<>();
            try (ServletContainer.Running server = container.start(new UpgradeServlet(upgrader, c -> echo(c, ended)))) {
                assertThat(exchange(server)).isEqualTo(InteropServers.nativeTransport(container));
            }
            assertThat(fallbacks).as(container.name()).isEmpty();
        }
    }

    /** Sends the transport's class name, then echoes text until the client goes. */
    private static void echo(Conn conn, BlockingQueue<String> ended) {
        try {
            conn.writeText(
                    ((DeferredTransport) conn.netConn()).delegate().getClass().getSimpleName());
            while (true) {
                Message m = conn.readMessage();
                conn.writeText(m.text());
            }
        } catch (IOException | RuntimeException e) {
            ended.add(e.toString());
        }
    }

    /** Upgrades over a raw socket, reads the transport's name, round-trips two messages, then vanishes. */
    private static String exchange(ServletContainer.Running server) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(WAIT_SECONDS * 1000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(handshake(server.port(), "/fallback"));
            out.flush();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 101");
            String transport = readText(in);
            for (String text : List.of("first", "second, after the first")) {
                out.write(maskedText(text));
                out.flush();
                assertThat(readText(in)).isEqualTo(text);
            }
            return transport;
        }
    }
}
