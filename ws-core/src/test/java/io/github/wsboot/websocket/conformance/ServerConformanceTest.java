package io.github.wsboot.websocket.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.EngineMode;
import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageListener;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.EchoHandler;
import io.github.wsboot.websocket.testing.TomcatServer;

/**
 * Autobahn sections 1–7, 9, 10, 12 and 13 against the library's server: our fuzzing client, writing exact
 * bytes, against {@link Upgrader} and {@link EchoHandler} on embedded Tomcat; sections 12 and 13 against
 * upgraders with compression enabled (12 without, 13 with context takeover: see {@link EndpointSetup}). One
 * test per case, named by its Autobahn id; the score table goes to the log and
 * {@code <build folder>/conformance/server.md}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ServerConformanceTest {

    /**
     * Which server runs the cases ({@code -Dws.conformance.engine}): {@code blocking} (the default: a thread
     * per connection), {@code event} (the same handler on the event engine, its reads parked on the engine) or
     * {@code event-listener} (a {@link MessageListener} echo on the event engine: no thread per connection).
     */
    private static final String ENGINE = System.getProperty("ws.conformance.engine", "blocking");

    private static final ConformanceReport REPORT = new ConformanceReport(
            ENGINE.equals("blocking") ? "server" : "server-" + ENGINE,
            "Fuzzing client (this project's test code, raw socket) against `Upgrader` + "
                    + (ENGINE.equals("event-listener")
                            ? "an echoing `MessageListener`"
                            : "`EchoHandler` (readMessage/writeMessage)")
                    + (ENGINE.equals("blocking") ? "" : " on the event engine (`EngineMode.EVENT`)")
                    + " on embedded Tomcat 11, loopback. Sections 12 and 13: the fuzzing "
                    + "client sends the case's Autobahn offers to an `Upgrader` with `enableCompression(true)` "
                    + "(section 12: no context takeover; section 13: `compressionContextTakeover(true)` as well).");

    /** Connection handlers still running: each must end once its connection is gone. */
    private static final AtomicInteger ACTIVE_HANDLERS = new AtomicInteger();

    private static TomcatServer server;

    @BeforeAll
    static void startServer() throws Exception {
        EchoHandler echo = new EchoHandler();
        Upgrader.Handler counted = conn -> {
            ACTIVE_HANDLERS.incrementAndGet();
            try {
                echo.serve(conn);
            } finally {
                ACTIVE_HANDLERS.decrementAndGet();
            }
        };
        MessageListener listener = ENGINE.equals("event-listener") ? new CountedEchoListener() : null;
        EngineMode engine = ENGINE.startsWith("event") ? EngineMode.EVENT : EngineMode.BLOCKING;
        Map<EndpointSetup, Upgrader> upgraders = new EnumMap<>(EndpointSetup.class);
        upgraders.put(EndpointSetup.PLAIN, Upgrader.builder().engine(engine).build());
        upgraders.put(
                EndpointSetup.DEFLATE,
                Upgrader.builder().engine(engine).enableCompression(true).build());
        upgraders.put(
                EndpointSetup.DEFLATE_TAKEOVER,
                Upgrader.builder()
                        .engine(engine)
                        .enableCompression(true)
                        .compressionContextTakeover(true)
                        .build());
        server = TomcatServer.start(new SetupServlet(upgraders, counted, listener));
    }

    /** Echoes each message from the engine's dispatch; counted from open to close like the handlers. */
    private static final class CountedEchoListener implements MessageListener {
        @Override
        public void onOpen(Conn conn) {
            ACTIVE_HANDLERS.incrementAndGet();
        }

        @Override
        public void onMessage(Conn conn, Message message) throws IOException {
            conn.writeMessage(message.type(), message.data());
        }

        @Override
        public void onClose(Conn conn, Exception cause) {
            ACTIVE_HANDLERS.decrementAndGet();
        }
    }

    /** Upgrades each request with the upgrader of the setup its path names ({@link EndpointSetup#ofPath}). */
    private static final class SetupServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        private final transient Map<EndpointSetup, Upgrader> upgraders;
        private final transient Upgrader.Handler handler;
        private final transient MessageListener listener; // null: the handler

        SetupServlet(Map<EndpointSetup, Upgrader> upgraders, Upgrader.Handler handler, MessageListener listener) {
            this.upgraders = upgraders;
            this.handler = handler;
            this.listener = listener;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                Upgrader upgrader = upgraders.get(EndpointSetup.ofPath(req.getRequestURI()));
                if (listener != null) {
                    upgrader.upgrade(req, resp, null, listener);
                } else {
                    upgrader.upgrade(req, resp, null, handler);
                }
            } catch (HandshakeException e) {
                // The error response has been written.
            }
        }
    }

    @AfterAll
    static void report() throws Exception {
        System.out.println(REPORT.table());
        System.out.println("report: " + REPORT.writeMarkdown());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ACTIVE_HANDLERS.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int stuck = ACTIVE_HANDLERS.get();
        if (server != null) {
            server.close();
        }
        assertThat(stuck)
                .as("echo handlers still running after every connection was gone")
                .isZero();
    }

    static List<CaseSpec> cases() {
        return Catalogue.selected();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void autobahnCase(CaseSpec spec) {
        CaseResult result = CaseResult.retryOnTimer(() -> FuzzingClient.run(spec, server.port()));
        REPORT.add(result);
        assertThat(result.outcome()).as("%s: %s", spec.id(), result.reason()).isNotEqualTo(Outcome.FAILED);
    }
}
