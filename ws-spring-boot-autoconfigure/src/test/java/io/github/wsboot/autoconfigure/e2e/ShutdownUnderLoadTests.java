package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Graceful shutdown under load, on both containers: several clients receive a steady stream of numbered,
 * checksummed messages and send messages of their own; the application context is closed mid-stream. Every
 * message the server had written before {@code close()} was called must reach its client, in order and
 * intact, before the client sees 1001; every message a client sent before it answered the close frame must
 * reach the server's handler. Nothing is lost in either direction, and shutdown does not wait out its timeout.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ShutdownUnderLoadTests {

    private static final int CLIENTS = 4;
    /** Messages each stream must have carried before shutdown begins, so that it begins mid-stream. */
    private static final int BEFORE_SHUTDOWN = 300;

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

    @ParameterizedTest
    @ValueSource(classes = {TomcatEndToEndTests.Tomcat.class, JettyEndToEndTests.Jetty.class})
    void everyMessageWrittenBeforeShutdownIsDelivered(Class<?> container) throws Exception {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(StreamingApplication.class, container)
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "ws.server.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toSeconds() + "s",
                        "spring.lifecycle.timeout-per-shutdown-phase=60s")
                .run();
        List<StreamClient> clients = new ArrayList<>();
        try {
            int port = ((ServletWebServerApplicationContext) context)
                    .getWebServer()
                    .getPort();
            StreamingApplication.Stream stream = context.getBean(StreamingApplication.Stream.class);
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(StreamClient.connect(port, Integer.toString(i)));
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() ->
                            clients.stream().allMatch(c -> c.lastSeq.get() >= BEFORE_SHUTDOWN && c.sent.get() >= 10));

            Map<String, Long> writtenBeforeShutdown = new HashMap<>();
            stream.lastWritten.forEach((client, seq) -> writtenBeforeShutdown.put(client, seq.get()));
            long start = System.nanoTime();
            context.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(writtenBeforeShutdown).hasSize(CLIENTS);
            for (StreamClient client : clients) {
                Closed closed = client.closed.get(30, TimeUnit.SECONDS);
                client.sender.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(client.failure)
                        .as("client %s: order and checksums", client.id)
                        .isNull();
                assertThat(closed.code()).as("client %s: close code", client.id).isEqualTo(1001);
                assertThat(client.lastSeq.get())
                        .as("client %s: last message received (all in order)", client.id)
                        .isGreaterThanOrEqualTo(writtenBeforeShutdown.get(client.id));
                assertThat(stream.received.get(client.id).get())
                        .as("client %s: messages the server read", client.id)
                        .isEqualTo(client.sent.get());
                System.out.printf(
                        "%s client %s: %d messages written before close(), %d received, %d sent and all"
                                + " read by the server%n",
                        container.getSimpleName(),
                        client.id,
                        writtenBeforeShutdown.get(client.id),
                        client.lastSeq.get(),
                        client.sent.get());
            }
            System.out.printf("%s: shutdown under load took %d ms%n", container.getSimpleName(), took.toMillis());
            assertThat(took)
                    .as("every client answered 1001, so shutdown did not wait out its timeout")
                    .isLessThan(SHUTDOWN_TIMEOUT);
        } finally {
            clients.forEach(StreamClient::abort);
            context.close();
        }
    }

    record Closed(int code, String reason) {}

    /**
     * A JDK WebSocket client that checks each streamed message as it arrives (the next sequence number, a good
     * checksum) and sends a short message every 5 ms from a thread of its own until the server closes.
     */
    static final class StreamClient implements WebSocket.Listener {

        final String id;
        final AtomicLong lastSeq = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        volatile Throwable failure;
        private final StringBuilder text = new StringBuilder();
        private WebSocket socket;
        private Thread sender;

        private StreamClient(String id) {
            this.id = id;
        }

        static StreamClient connect(int port, String id) throws Exception {
            StreamClient client = new StreamClient(id);
            client.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create("ws://localhost:" + port + "/stream?client=" + id), client)
                    .get(30, TimeUnit.SECONDS);
            client.sender = new Thread(client::send, "stream-client-sender-" + id);
            client.sender.start();
            return client;
        }

        private void send() {
            try {
                while (!closed.isDone()) {
                    socket.sendText("client " + id + " message " + (sent.get() + 1), true)
                            .get(30, TimeUnit.SECONDS);
                    sent.incrementAndGet();
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                // The output closed when the client answered the server's close frame: sending ends there.
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    long seq = StreamingApplication.verify(text.toString());
                    if (seq != lastSeq.get() + 1) {
                        throw new AssertionError("expected message " + (lastSeq.get() + 1) + ", got " + seq);
                    }
                    lastSeq.set(seq);
                } catch (RuntimeException | AssertionError e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null; // the JDK answers with a close frame of the same code
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void abort() {
            if (socket != null) {
                socket.abort();
            }
        }
    }
}
